import Foundation
import GRDB
import KhoVocabulary

/// One item as a unit's contribution: what reports count per unit and week. An item filed by two
/// units counts for both; filed twice by one unit, once, from the first time.
public struct Contribution: Sendable, Equatable {
    public var objectID: Int64
    public var unit: String?
    public var contentType: ContentType
    /// The item's own date (taken, published), as extraction found it.
    public var takenAt: String?
    /// An administrative document's date as printed ("2026-03-16", or only "2026-03").
    public var documentDate: String?
    /// When this unit first filed it (catalogue time, UTC).
    public var storedAt: String

    public init(objectID: Int64, unit: String?, contentType: ContentType, takenAt: String?, documentDate: String?, storedAt: String) {
        self.objectID = objectID; self.unit = unit; self.contentType = contentType; self.takenAt = takenAt
        self.documentDate = documentDate; self.storedAt = storedAt
    }
}

extension Catalogue {
    /// Every live item of these content types, once per unit that filed it.
    public func contributions(of types: [ContentType]) throws -> [Contribution] {
        guard !types.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: types.count).joined(separator: ",")
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.id, s.unit, o.content_type, o.taken_at, d.iso_date, min(s.ingested_at) AS stored_at
                FROM objects o JOIN sources s ON s.object_id = o.id LEFT JOIN documents d ON d.object_id = o.id
                WHERE o.removed_at IS NULL AND o.content_type IN (\(marks))
                GROUP BY o.id, s.unit ORDER BY o.id
                """, arguments: StatementArguments(types.map(\.rawValue))).map {
                Contribution(objectID: $0["id"], unit: $0["unit"], contentType: $0["content_type"], takenAt: $0["taken_at"],
                             documentDate: $0["iso_date"], storedAt: $0["stored_at"])
            }
        }
    }
}
