import Foundation
import GRDB

/// Filters beside the words of a search.
public struct SearchFilters: Sendable, Equatable {
    public var kind: String?
    public var mime: String?
    public var unit: String?
    /// Inclusive bounds, "YYYY-MM-DD" (or longer ISO 8601 prefixes).
    public var takenFrom: String?
    public var takenTo: String?
    public var ingestedFrom: String?
    public var ingestedTo: String?
    public var limit = 20
    public init() {}
}

/// One search result.
public struct SearchHit: Sendable, Equatable {
    public var object: ObjectRecord
    /// A file name it was ingested under (the most recent).
    public var name: String
    public var unit: String?
    /// Matched words marked with [ and ].
    public var snippet: String
    /// 0: all the words as a phrase; 1: close together; 2: all present; lower is better.
    public var tier: Int
    public var score: Double
    public var takenAt: String?
}

extension Catalogue {
    /// Fact keys whose values describe the content in words and so belong in the `meta` column.
    static let descriptiveFactSuffixes: Set<String> = [
        "make", "model", "lens", "description", "title", "artist", "author", "copyright", "comment",
        "keywords", "subject", "album", "album_artist", "genre", "caption", "headline", "creator", "software",
    ]

    static func isDescriptive(_ key: String) -> Bool {
        descriptiveFactSuffixes.contains(String(key.split(separator: ".").last ?? ""))
    }

    /// Rebuilds the search row of one object from its catalogue rows.
    static func refreshSearchRow(_ db: Database, objectID: Int64) throws {
        try db.execute(sql: "DELETE FROM search WHERE rowid = ?", arguments: [objectID])
        guard let title = try String.fetchOne(db, sql: "SELECT coalesce(title, '') FROM objects WHERE id = ?", arguments: [objectID]) else { return }
        let sources = try Row.fetchAll(db, sql: "SELECT file_name, path FROM sources WHERE object_id = ? ORDER BY id", arguments: [objectID])
        let body = try String.fetchOne(db, sql: "SELECT body FROM texts WHERE object_id = ?", arguments: [objectID]) ?? ""
        let facts = try Row.fetchAll(db, sql: "SELECT key, value FROM facts WHERE object_id = ? ORDER BY key", arguments: [objectID])
        let meta = facts.filter { isDescriptive($0["key"]) }.map { ($0["value"] as String?) ?? "" }.joined(separator: "\n")
        let names = sources.map { VietnameseText.nfc(($0["file_name"] as String?) ?? "") }.joined(separator: "\n")
        let paths = sources.map { VietnameseText.nfc(($0["path"] as String?) ?? "") }.joined(separator: "\n")
        try db.execute(sql: "INSERT INTO search (rowid, title, names, body, meta, path) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [objectID, VietnameseText.nfc(title), names, body, VietnameseText.nfc(meta), paths])
    }

    /// Rebuilds the whole search index from the catalogue (`kho reindex`). Returns rows written.
    @discardableResult
    public func rebuildSearchIndex() throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM search")
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM objects ORDER BY id")
            for id in ids { try Catalogue.refreshSearchRow(db, objectID: id) }
            return ids.count
        }
    }

    /// Full-text search with filters. Results come phrase hits first, then words close together,
    /// then the rest; within a tier by bm25 with titles and file names weighted above the body.
    /// An accented query that finds nothing is tried again folded (a partly accented word such as
    /// "đoi" matches no exact form).
    public func search(_ query: SearchQuery, filters: SearchFilters = SearchFilters()) throws -> [SearchHit] {
        let hits = try runSearch(query, filters: filters)
        if hits.isEmpty && query.hasDiacritics { return try runSearch(query.folded, filters: filters) }
        return hits
    }

    private func runSearch(_ query: SearchQuery, filters: SearchFilters) throws -> [SearchHit] {
        var conditions = ["search MATCH :match"]
        var arguments: [String: (any DatabaseValueConvertible)?] = ["match": query.matchExpression, "limit": filters.limit]
        let phrase = query.phraseExpression
        let near = query.nearExpression
        arguments["phrase"] = phrase ?? query.matchExpression
        arguments["near"] = near ?? query.matchExpression
        if let kind = filters.kind { conditions.append("o.kind = :kind"); arguments["kind"] = kind }
        if let mime = filters.mime {
            conditions.append(mime.hasSuffix("/") || !mime.contains("/") ? "o.mime LIKE :mime" : "o.mime = :mime")
            arguments["mime"] = mime.contains("/") && !mime.hasSuffix("/") ? mime : (mime.hasSuffix("/") ? mime : mime + "/") + "%"
        }
        if let unit = filters.unit {
            conditions.append("EXISTS (SELECT 1 FROM sources s WHERE s.object_id = o.id AND s.unit = :unit)")
            arguments["unit"] = unit
        }
        if let from = filters.takenFrom { conditions.append("o.taken_at >= :takenFrom"); arguments["takenFrom"] = from }
        if let to = filters.takenTo { conditions.append("o.taken_at < :takenTo"); arguments["takenTo"] = Catalogue.dayAfter(to) }
        if let from = filters.ingestedFrom { conditions.append("o.first_seen_at >= :inFrom"); arguments["inFrom"] = from }
        if let to = filters.ingestedTo { conditions.append("o.first_seen_at < :inTo"); arguments["inTo"] = Catalogue.dayAfter(to) }
        let sql = """
            SELECT o.*,
                   bm25(search, 10.0, 8.0, 1.0, 3.0, 0.5) AS score,
                   snippet(search, -1, '[', ']', '…', 14) AS snip,
                   CASE WHEN search.rowid IN (SELECT rowid FROM search WHERE search MATCH :phrase) THEN 0
                        WHEN search.rowid IN (SELECT rowid FROM search WHERE search MATCH :near) THEN 1
                        ELSE 2 END AS tier,
                   (SELECT file_name FROM sources s WHERE s.object_id = o.id ORDER BY s.id DESC LIMIT 1) AS name,
                   (SELECT unit FROM sources s WHERE s.object_id = o.id AND s.unit IS NOT NULL ORDER BY s.id DESC LIMIT 1) AS unit
            FROM search JOIN objects o ON o.id = search.rowid
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY tier, score
            LIMIT :limit
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                SearchHit(object: try ObjectRecord(row: row), name: row["name"] ?? "", unit: row["unit"],
                          snippet: row["snip"] ?? "", tier: row["tier"], score: row["score"], takenAt: row["taken_at"])
            }
        }
    }

    /// "2026-05-18" → "2026-05-19": inclusive upper bounds for day-granular dates.
    static func dayAfter(_ date: String) -> String {
        guard date.count == 10 else { return date + "\u{10FFFF}" }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        guard let d = f.date(from: date) else { return date + "\u{10FFFF}" }
        return f.string(from: d.addingTimeInterval(86_400))
    }
}
