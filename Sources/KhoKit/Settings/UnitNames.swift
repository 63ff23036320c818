import Foundation
import KhoVocabulary
import KhoCatalogue

/// The units a library knows, from kho.toml's [units]: each key (a watch-folder name, or an old
/// name kept as an alias) maps to the unit's name. When the table lists units, only those exist:
/// a folder or `--unit` not on it is refused with the nearest known name, never made a new unit
/// silently. An empty table leaves units open (each folder name is its own unit).
public struct UnitNames: Sendable, Equatable {
    /// Alias (NFC) → unit name (NFC).
    let table: [String: String]

    public init(_ table: [String: String]) {
        var normalised: [String: String] = [:]
        for (alias, name) in table { normalised[VietnameseText.nfc(alias)] = VietnameseText.nfc(name) }
        self.table = normalised
    }

    public enum Resolution: Sendable, Equatable {
        case unit(String)
        case unknown(reason: String)
    }

    /// The unit a typed name or folder means.
    public func resolve(_ typed: String) -> Resolution {
        let key = VietnameseText.nfc(typed)
        if table.isEmpty { return .unit(key) }
        if let name = table[key] { return .unit(name) }
        if table.values.contains(key) { return .unit(key) }
        let nearest = Spelling.closest(to: key, among: Array(table.keys) + Array(table.values))
        return .unknown(reason: "'\(typed)' is not a unit listed in kho.toml [units]"
                        + (nearest.map { " (the nearest is '\($0)')" } ?? " (known: " + names.joined(separator: ", ") + ")")
                        + " — put the file in that unit's folder, or ask IT to add the unit to kho.toml")
    }

    /// Every unit name, sorted.
    public var names: [String] { Array(Set(table.values)).sorted() }

    /// Aliases whose items, stored under the alias, now belong to the unit (a unit renamed in
    /// kho.toml, or a folder given a proper name).
    public var renames: [(from: String, to: String)] {
        table.filter { $0.key != $0.value }.map { ($0.key, $0.value) }.sorted { $0.from < $1.from }
    }
}

/// Topic names as people type them: "chuyen doi so" is the topic "chuyển đổi số" the library
/// already has (same folded form), never a second topic beside it.
public enum TopicNames {
    /// The known topic with this folded form (from the rules in kho.toml or the items), else the
    /// name as typed (NFC). `isNew` says which.
    public static func canonical(_ typed: String, repository: Repository) throws -> (name: String, isNew: Bool) {
        let nfc = VietnameseText.nfc(typed)
        let folded = VietnameseText.folded(nfc)
        let taxonomy = (try? RepositoryConfig.load(repository: repository.root))?.taxonomy ?? Taxonomy.standard
        let known = taxonomy.topics.map(\.name) + (try repository.catalogue.knownFilterValues()["topic"] ?? [])
        // A name with its diacritics wins over one without (the rules' own spelling first).
        if let match = known.first(where: { VietnameseText.folded(VietnameseText.nfc($0)) == folded }) { return (match, false) }
        return (nfc, true)
    }
}

/// The content types an item may be set to, checked as a filter is.
public enum ContentTypes {
    public static var all: [String] { ContentType.allCases.map(\.rawValue) }

    /// The type as given, when known; else why not, with the nearest.
    public static func check(_ typed: String) -> Result<String, FilterFailure> {
        let value = typed.lowercased()
        if all.contains(value) { return .success(value) }
        return .failure(FilterFailure(description: FilterValues.unknown(typed, option: "--type", among: all)
            .replacingOccurrences(of: " (kho facets lists them all)", with: "") + " (known: " + all.joined(separator: ", ") + ")"))
    }
}
