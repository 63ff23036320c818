import Foundation
import GRDB
import KhoVocabulary

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
        // Removed objects (kho remove) have no search row: they are not found until restored.
        guard let title = try String.fetchOne(db, sql: "SELECT coalesce(title, '') FROM objects WHERE id = ? AND removed_at IS NULL",
                                              arguments: [objectID]) else { return }
        // A caption set by hand is found as the title is.
        let caption = try String.fetchOne(db, sql: "SELECT value FROM manual_values WHERE object_id = ? AND field = 'caption'", arguments: [objectID])
        let sources = try Row.fetchAll(db, sql: "SELECT file_name, path, name_reading FROM sources WHERE object_id = ? ORDER BY id", arguments: [objectID])
        let body = try String.fetchOne(db, sql: "SELECT body FROM texts WHERE object_id = ?", arguments: [objectID]) ?? ""
        let facts = try Row.fetchAll(db, sql: "SELECT key, value FROM facts WHERE object_id = ? ORDER BY key", arguments: [objectID])
        try insertSearchRow(db, objectID: objectID, title: caption.map { title + "\n" + $0 } ?? title, fileNames: sources.flatMap { [$0["file_name"] ?? "", $0["name_reading"] ?? ""] }.filter { !$0.isEmpty }, body: body,
                            facts: facts.map { Extraction.Fact($0["key"] ?? "", $0["value"] ?? "") }, paths: sources.map { $0["path"] ?? "" })
    }

    /// Writes the search row of an object that has none: what the index sees of it, in NFC.
    /// `body` is already NFC (texts are stored that way).
    static func insertSearchRow(_ db: Database, objectID: Int64, title: String, fileNames: [String], body: String,
                                facts: [Extraction.Fact], paths: [String]) throws {
        let meta = facts.filter { isDescriptive($0.key) }.map(\.value).joined(separator: "\n")
        let insert = try db.cachedStatement(sql: "INSERT INTO search (rowid, title, names, body, meta, path) VALUES (?, ?, ?, ?, ?, ?)")
        try insert.execute(arguments: [objectID, VietnameseText.nfc(title), VietnameseText.nfc(fileNames.joined(separator: "\n")), body,
                                       VietnameseText.nfc(meta), VietnameseText.nfc(paths.joined(separator: "\n"))])
    }

    /// How many matches, newest first, a search ranks at most (its cost grows with this, not with the library). Rare words match fewer and are
    /// ranked in full; a word found in most of the library ranks its newest matches.
    public static let rankingPool = 1000

    /// Merges the index's segments into one b-tree: after a large ingest, queries read one
    /// structure instead of dozens.
    public func optimizeSearchIndex() throws {
        try write { db in try db.execute(sql: "INSERT INTO search (search) VALUES ('optimize')") }
    }

    /// Rebuilds the whole search index from the catalogue (`kho reindex`). Returns rows written.
    @discardableResult
    public func rebuildSearchIndex() throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM search")
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM objects WHERE removed_at IS NULL ORDER BY id")
            for id in ids { try Catalogue.refreshSearchRow(db, objectID: id) }
            return ids.count
        }
    }

    /// Full-text search with filters. Results come phrase hits first, then words close together,
    /// then the rest; within a tier, rows spelling more words as typed before folded ones, then by bm25 with titles
    /// and file names weighted above the body.
    /// An accented query that finds nothing is tried again folded (a partly accented word such as
    /// "đoi" matches no exact form).
    public func search(_ query: SearchQuery, filters: SearchFilters = SearchFilters()) throws -> [SearchHit] {
        try searchPage(query, filters: filters).hits
    }

    public func searchPage(_ query: SearchQuery, filters: SearchFilters = SearchFilters()) throws -> SearchPage {
        let page = try runSearch(query, filters: filters)
        if page.hits.isEmpty && query.hasDiacritics { return try runSearch(query.folded, filters: filters) }
        return page
    }

    /// Items matching the filters alone, newest first, and how many match.
    public func browsePage(filters: SearchFilters) throws -> SearchPage {
        var (conditions, arguments) = Catalogue.conditions(filters)
        conditions.append("o.removed_at IS NULL")
        let matched = try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM objects o WHERE " + conditions.joined(separator: " AND "),
                             arguments: StatementArguments(arguments)) ?? 0
        }
        let hits = try browse(filters: filters)
        return SearchPage(hits: hits, matched: matched, ranked: matched)
    }

    /// SQL conditions on `o` (objects) for the filters, and their named arguments.
    static func conditions(_ filters: SearchFilters) -> ([String], [String: (any DatabaseValueConvertible)?]) {
        var conditions: [String] = []
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        if let kind = filters.kind { conditions.append("o.kind = :kind"); arguments["kind"] = kind }
        if let mime = filters.mime {
            if mime.contains("/") && !mime.hasSuffix("/") {
                conditions.append("o.mime = :mime"); arguments["mime"] = mime
            } else {
                conditions.append("o.mime LIKE :mime"); arguments["mime"] = (mime.hasSuffix("/") ? mime : mime + "/") + "%"
            }
        }
        if let type = filters.contentType { conditions.append("o.content_type = :ctype"); arguments["ctype"] = type }
        for (key, value, kind) in [("topic", filters.topic, "topic"), ("event", filters.event, "event")] {
            guard let value else { continue }
            conditions.append("EXISTS (SELECT 1 FROM topics t WHERE t.object_id = o.id AND t.kind = '\(kind)' AND t.score >= 0 AND t.folded LIKE :\(key))")
            arguments[key] = "%" + VietnameseText.folded(VietnameseText.nfc(value)) + "%"
        }
        if let docType = filters.docType {
            conditions.append("EXISTS (SELECT 1 FROM documents d WHERE d.object_id = o.id AND (d.doc_type = :doctype OR d.doc_type_name = :doctype))")
            arguments["doctype"] = docType.precomposedStringWithCanonicalMapping
        }
        if let issuer = filters.issuer {
            let words = issuer.split(separator: " ").map { VietnameseText.folded(VietnameseText.nfc(String($0))) }
            for (i, w) in words.enumerated() {
                conditions.append("EXISTS (SELECT 1 FROM documents d WHERE d.object_id = o.id AND (' ' || d.issuer_folded || ' ') LIKE :issuer\(i))")
                arguments["issuer\(i)"] = "% " + w + " %"
            }
        }
        if let cites = filters.cites {
            conditions.append("EXISTS (SELECT 1 FROM citations c WHERE c.object_id = o.id AND c.cited = :cites)")
            arguments["cites"] = cites.replacingOccurrences(of: " ", with: "").precomposedStringWithCanonicalMapping
        }
        if let tag = filters.tag {
            conditions.append("EXISTS (SELECT 1 FROM sources s JOIN source_tags t ON t.source_id = s.id WHERE s.object_id = o.id AND t.folded = :tag)")
            arguments["tag"] = VietnameseText.folded(VietnameseText.nfc(tag))
        }
        if let unit = filters.unit {
            conditions.append("EXISTS (SELECT 1 FROM sources s WHERE s.object_id = o.id AND s.unit = :unit)")
            arguments["unit"] = unit
        }
        if let year = filters.year {
            conditions.append("substr(coalesce(o.taken_at, (SELECT d.iso_date FROM documents d WHERE d.object_id = o.id), o.first_seen_at), 1, 4) = :year")
            arguments["year"] = String(format: "%04d", year)
        }
        if let from = filters.takenFrom { conditions.append("o.taken_at >= :takenFrom"); arguments["takenFrom"] = from }
        if let to = filters.takenTo { conditions.append("o.taken_at < :takenTo"); arguments["takenTo"] = Catalogue.dayAfter(to) }
        if let from = filters.ingestedFrom { conditions.append("o.first_seen_at >= :inFrom"); arguments["inFrom"] = from }
        if let before = filters.ingestedBefore { conditions.append("o.first_seen_at < :inTo"); arguments["inTo"] = before }
        return (conditions, arguments)
    }

    /// Items matching the filters alone (no words), newest first: `kho search --cites 57-NQ/TW`.
    public func browse(filters: SearchFilters) throws -> [SearchHit] {
        var (conditions, arguments) = Catalogue.conditions(filters)
        conditions.append("o.removed_at IS NULL")
        arguments["limit"] = filters.limit
        arguments["offset"] = filters.offset
        return try read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT o.id FROM objects o WHERE " + conditions.joined(separator: " AND ")
                                         + " ORDER BY o.first_seen_at DESC, o.id DESC LIMIT :limit OFFSET :offset", arguments: StatementArguments(arguments))
            return try Catalogue.hits(db, ids: ids)
        }
    }

    private func runSearch(_ query: SearchQuery, filters: SearchFilters) throws -> SearchPage {
        let (conditions, arguments) = Catalogue.conditions(filters)
        // Candidates: every match of all the words, newest first, at most `rankingPool` of them —
        // so the cost does not grow with the library. Among them, matches of the words as a phrase
        // rank first, then of the words close together, then the rest; bm25 within each tier.
        var args = arguments
        args["match"] = query.looseExpression
        args["pool"] = Catalogue.rankingPool
        let phrases = query.loosePhrases
        let rank = "kho_rank(search" + phrases.indices.map { ", :hits\($0), :span\($0)" }.joined() + ")"
        let candidatesSQL = conditions.isEmpty
            ? "SELECT rowid AS id, \(rank) AS score FROM search WHERE search MATCH :match ORDER BY rowid DESC LIMIT :pool"
            : """
            SELECT o.id AS id, \(rank) AS score
            FROM search JOIN objects o ON o.id = search.rowid
            WHERE search MATCH :match\(conditions.map { " AND " + $0 }.joined())
            ORDER BY search.rowid DESC LIMIT :pool
            """
        return try read { db in
            for (i, hits) in try Catalogue.phraseHits(db, phrases).enumerated() {
                args["hits\(i)"] = hits.count
                args["span\(i)"] = hits.span
            }
            let candidates = try Row.fetchAll(try db.cachedStatement(sql: candidatesSQL), arguments: StatementArguments(args))
                .map { (id: $0["id"] as Int64, score: $0["score"] as Double) }
            guard let floor = candidates.last?.id else { return SearchPage(hits: [], matched: 0, ranked: 0) }
            // The phrase and proximity checks only look at rows from the oldest candidate on.
            func subset(_ expression: String?) throws -> Set<Int64> {
                guard let expression else { return [] }
                let statement = try db.cachedStatement(sql: "SELECT rowid FROM search WHERE search MATCH ? AND rowid >= ?")
                return Set(try Int64.fetchAll(statement, arguments: [expression, floor]))
            }
            let phrase = try subset(query.phraseExpression)
            // Proximity only orders what the phrase tier leaves room for.
            let phraseHits = candidates.lazy.filter { phrase.contains($0.id) }.count
            let near = phraseHits >= filters.offset + filters.limit ? [] : try subset(query.nearExpression)
            // Quoted phrases were loosened to pick candidates; now hold them to the letter.
            let exact = query.looseExpression == query.matchExpression ? nil : try subset(query.matchExpression)
            // Within a tier, rows that spell more of the unaccented words as typed come first ("ban":
            // ban before bàn and bản).
            var asTyped: [Int64: Int] = [:]
            for expression in query.asTypedExpressions {
                for id in try subset(expression) { asTyped[id, default: 0] += 1 }
            }
            struct Ranked { let id: Int64; let score: Double; let tier: Int; let asTyped: Int }
            var ranked: [Ranked] = candidates.filter { exact?.contains($0.id) ?? true }.map { c in
                let tier = phrase.contains(c.id) ? 0 : (near.contains(c.id) ? 1 : 2)
                return Ranked(id: c.id, score: c.score, tier: tier, asTyped: asTyped[c.id] ?? 0)
            }
            ranked.sort { a, b in
                if a.tier != b.tier { return a.tier < b.tier }
                if a.asTyped != b.asTyped { return a.asTyped > b.asTyped }
                return a.score < b.score
            }
            // A near-duplicate cluster marked by `kho dedup --mark` shows once, as its best-ranked member.
            let clusters = try Catalogue.clusters(db, of: ranked.map(\.id))
            var shownClusters = Set<Int64>()
            var shown: [(ranked: Ranked, similar: Int)] = []
            for r in ranked {
                if shown.count == filters.offset + filters.limit { break }
                let cluster = clusters[r.id]
                if let cluster, !shownClusters.insert(cluster.keeper).inserted { continue }
                shown.append((r, (cluster?.size ?? 1) - 1))
            }
            shown.removeFirst(min(filters.offset, shown.count))
            let found = Dictionary(try Catalogue.hits(db, ids: shown.map(\.ranked.id)).map { ($0.object.id, $0) }, uniquingKeysWith: { a, _ in a })
            var hits: [SearchHit] = shown.compactMap { shown in
                guard var hit = found[shown.ranked.id] else { return nil }
                hit.tier = shown.ranked.tier
                hit.score = shown.ranked.score
                hit.similar = shown.similar
                return hit
            }
            // The phrase tier's snippets mark the phrase; the others', every word.
            let phraseExpression = query.phraseExpression ?? query.matchExpression
            for (expression, inPhraseTier) in [(phraseExpression, true), (query.matchExpression, false)] {
                let ids = hits.filter { ($0.tier == 0) == inPhraseTier }.compactMap(\.object.id)
                let snippets = try Catalogue.snippets(db, expression: expression, ids: ids)
                for i in hits.indices where (hits[i].tier == 0) == inPhraseTier {
                    if let id = hits[i].object.id, let snippet = snippets[id] { hits[i].snippet = snippet }
                }
            }
            // Every match was ranked unless the pool was full. Then the total is estimated from how
            // densely the matches lie among the newest items: counting them all walked every match
            // (positions too, for a phrase) — 40 ms at 100,000 documents, for a number shown as "about".
            var matched = ranked.count
            var estimated = false
            if candidates.count == Catalogue.rankingPool,
               // Two subqueries: min and max together in one SELECT would scan the table.
               let range = try Row.fetchOne(db, sql: "SELECT (SELECT min(id) FROM objects), (SELECT max(id) FROM objects)"),
               let first: Int64 = range[0], let last: Int64 = range[1], last >= floor {
                let share = Double(last - first + 1) / Double(last - floor + 1)
                matched = max(ranked.count, Int((Double(ranked.count) * share).rounded()))
                estimated = true
            }
            var page = SearchPage(hits: hits, matched: matched, ranked: ranked.count, estimated: estimated)
            page.rankedIDs = ranked.map(\.id)
            return page
        }
    }

    /// How many rows hold each phrase, for kho_rank (see SearchRank): the 200 newest matches are
    /// counted; when there are more, `span` is the rowid range they were found in.
    static func phraseHits(_ db: Database, _ phrases: [String]) throws -> [(count: Int, span: Int64)] {
        let sample = 200
        let statement = try db.cachedStatement(sql: "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT \(sample)")
        let newest = try Int64.fetchOne(db, sql: "SELECT rowid FROM search ORDER BY rowid DESC LIMIT 1") ?? 0
        return try phrases.map { phrase in
            let rowids = try Int64.fetchAll(statement, arguments: [phrase])
            guard rowids.count == sample, let oldest = rowids.last else { return (rowids.count, 0) }
            return (sample, newest - oldest + 1)
        }
    }

    /// The results for `ids`, in that order: each object's record, a name and a unit (tier 2, no
    /// score and no snippet yet). Two queries for all of them, not two for each.
    static func hits(_ db: Database, ids: [Int64]) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        // The ids are the catalogue's own integers, written into the statements as numbers.
        let list = ids.map(String.init).joined(separator: ",")
        let objects = Dictionary(try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects WHERE id IN (\(list))").map { ($0.id!, $0) },
                                 uniquingKeysWith: { a, _ in a })
        var names: [Int64: (name: String, unit: String?)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT o.id,
                   (SELECT file_name FROM sources WHERE object_id = o.id ORDER BY id DESC LIMIT 1),
                   (SELECT unit FROM sources WHERE object_id = o.id AND unit IS NOT NULL ORDER BY id DESC LIMIT 1)
            FROM objects o WHERE o.id IN (\(list))
            """) {
            names[row[0]] = (row[1] ?? "", row[2])
        }
        return ids.compactMap { id in
            objects[id].map { SearchHit(object: $0, name: names[id]?.name ?? "", unit: names[id]?.unit, snippet: "", tier: 2, score: 0, takenAt: $0.takenAt) }
        }
    }

    /// The snippet of each of `ids` for a match expression: every column's first match with some
    /// text after it (SearchMarks; NULL where a column has none), the text's shown first, else the
    /// title's, metadata's, names' or path's.
    ///
    /// One pass over the expression's matches between the lowest and highest of `ids`: `+rowid`
    /// keeps SQLite from handing FTS5 the list one rowid at a time, and a MATCH looked up per
    /// rowid cost 0.1 ms each (the expression parsed and every word's index read again).
    static func snippets(_ db: Database, expression: String, ids: [Int64]) throws -> [Int64: String] {
        guard let low = ids.min(), let high = ids.max() else { return [:] }
        let marks = (0..<5).map { "\(SearchMarks.name)(search, \($0), \(Snippet.textAfterMatch))" }.joined(separator: ", ")
        // The ids are the catalogue's own integers, written into the statement as numbers.
        let rows = try Row.fetchAll(db, sql: """
            SELECT rowid, \(marks) FROM search
            WHERE search MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN (\(ids.map(String.init).joined(separator: ",")))
            """, arguments: [expression, low, high])
        var snippets: [Int64: String] = [:]
        for row in rows {
            snippets[row[0]] = Snippet.make(columns: (1...5).map { row[$0] as String? })
        }
        return snippets
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
