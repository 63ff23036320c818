import Foundation
import KhoCatalogue
import KhoVocabulary

/// What an editor changes on an item's page. The same corrections as `kho set` and `kho tag`,
/// allowed to admins and to editors of one of the item's units; every change is logged with who
/// made it (`ItemView.edits`).
public struct ItemEdit: Sendable, Equatable {
    public var title: String?
    public var caption: String?
    public var contentType: String?
    public var addTopics: [String] = []
    public var removeTopics: [String] = []
    public init(title: String? = nil, caption: String? = nil, contentType: String? = nil, addTopics: [String] = [], removeTopics: [String] = []) {
        self.title = title; self.caption = caption; self.contentType = contentType; self.addTopics = addTopics; self.removeTopics = removeTopics
    }
}

extension LibraryWriter {
    /// Whether `account` may change `object`: an admin always, an editor when one of its units is hers.
    public func mayEdit(_ object: ObjectRecord, by account: Account) throws -> Bool {
        if account.role == .admin { return true }
        guard account.role == .editor else { return false }
        return try repository.catalogue.details(of: object).sources.contains { account.mayEdit(unit: $0.unit) }
    }

    /// Applies an edit by a person signed in to kho serve; values equal to what is there change
    /// nothing and log nothing. Throws `AccountFailure` (not allowed) or `FilterFailure` (a value
    /// that cannot be, such as an unknown content type), changing nothing then.
    public func edit(_ object: ObjectRecord, _ edit: ItemEdit, by account: Account) throws {
        guard try mayEdit(object, by: account) else {
            throw AccountFailure(description: "\(account.name) may not change items of this unit")
        }
        let who = "\(account.name) (web)"
        var assignments: [(field: ManualField, value: String)] = []
        if let title = edit.title?.trimmingCharacters(in: .whitespacesAndNewlines), !title.isEmpty { assignments.append((.title, title)) }
        if let caption = edit.caption?.trimmingCharacters(in: .whitespacesAndNewlines), caption != (try repository.catalogue.caption(objectID: object.id!) ?? "") {
            assignments.append((.caption, caption))
        }
        if let type = edit.contentType, !type.isEmpty { assignments.append((.type, type)) }
        try set(object, assignments, by: who)
        let add = edit.addTopics.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !add.isEmpty || !edit.removeTopics.isEmpty { try tag(object, add: add, remove: edit.removeTopics, by: who) }
    }
}
