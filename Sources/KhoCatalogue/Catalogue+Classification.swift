import Foundation
import GRDB
import KhoVocabulary

extension Catalogue {
    /// Replaces what rules said of an object; values and topics set by hand stay.
    static func writeClassification(_ db: Database, objectID id: Int64, _ c: ClassificationRecord) throws {
        let manualType = try String.fetchOne(db, sql: "SELECT value FROM manual_values WHERE object_id = ? AND field = 'type'", arguments: [id])
        try db.execute(sql: "UPDATE objects SET content_type = ?, content_type_reason = ? WHERE id = ?",
                       arguments: [manualType ?? c.contentType, manualType == nil ? c.reason : "set by hand", id])
        try db.execute(sql: "DELETE FROM topics WHERE object_id = ? AND origin = 'rule'", arguments: [id])
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO topics (object_id, topic, kind, folded, score, origin, reason) VALUES (?, ?, ?, ?, ?, 'rule', ?)
            """)
        for t in c.topics { try insert.execute(arguments: [id, t.topic, t.kind, VietnameseText.folded(t.topic), t.score, t.reason]) }
        try db.execute(sql: "DELETE FROM documents WHERE object_id = ?", arguments: [id])
        if let d = c.document {
            let recipients = String(decoding: (try? JSONEncoder().encode(d.recipients)) ?? Data("[]".utf8), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO documents (object_id, doc_type, doc_type_name, number, issuer, issuer_folded, place, issue_date, iso_date,
                                       title, signer, signer_title, recipients)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, d.docType, d.docTypeName, d.number, d.issuer, d.issuer.map(VietnameseText.folded), d.place,
                                 d.date, d.isoDate, d.title, d.signer, d.signerTitle, recipients])
        }
        try db.execute(sql: "DELETE FROM citations WHERE object_id = ?", arguments: [id])
        for cited in c.citations { try db.execute(sql: "INSERT OR IGNORE INTO citations (object_id, cited) VALUES (?, ?)", arguments: [id, cited]) }
    }

    /// Items to classify: every one kept, or (`all` false) those never classified.
    public func objectIDsToClassify(all: Bool) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM objects WHERE removed_at IS NULL \(all ? "" : "AND content_type IS NULL") ORDER BY id")
        }
    }

    public func storeClassifications(_ items: [(objectID: Int64, record: ClassificationRecord)]) throws {
        try write { db in for item in items { try Catalogue.writeClassification(db, objectID: item.objectID, item.record) } }
    }

    /// What classification needs of a stored object.
    public func classificationInput(objectID id: Int64) throws -> (facts: [String: String], text: String?, origin: TextOrigin, names: [String],
                                                                   fingerprint: Fingerprint?) {
        try read { db in
            var facts: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM facts WHERE object_id = ?", arguments: [id]) { facts[row["key"]] = row["value"] }
            let text = try Row.fetchOne(db, sql: "SELECT body, origin FROM texts WHERE object_id = ?", arguments: [id])
            // File names, and the watch-folder sub-folders the item was dropped in.
            let names = try String.fetchAll(db, sql: """
                SELECT DISTINCT file_name FROM sources WHERE object_id = ?1
                UNION ALL SELECT DISTINCT t.tag FROM source_tags t JOIN sources s ON s.id = t.source_id WHERE s.object_id = ?1
                """, arguments: [id])
            let fp = try Row.fetchOne(db, sql: "SELECT * FROM fingerprints WHERE object_id = ?", arguments: [id]).map(Fingerprint.init)
            return (facts, text?["body"], text?["origin"] ?? .text, names, fp)
        }
    }

    public func topics(objectID: Int64) throws -> [TopicRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM topics WHERE object_id = ? ORDER BY kind, score DESC", arguments: [objectID]).map {
                TopicRecord(topic: $0["topic"], kind: $0["kind"], score: $0["score"], reason: $0["reason"], origin: $0["origin"])
            }
        }
    }

    public func document(objectID: Int64) throws -> AdminDocument? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM documents WHERE object_id = ?", arguments: [objectID]).map { r in
                var d = AdminDocument()
                d.docType = r["doc_type"]; d.docTypeName = r["doc_type_name"]; d.number = r["number"]; d.issuer = r["issuer"]
                d.place = r["place"]; d.date = r["issue_date"]; d.isoDate = r["iso_date"]; d.title = r["title"]; d.signer = r["signer"]
                d.signerTitle = r["signer_title"]
                d.recipients = (r["recipients"] as String?).flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
                return d
            }
        }
    }

    public func citations(objectID: Int64) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT cited FROM citations WHERE object_id = ? ORDER BY cited", arguments: [objectID]) }
    }

    /// kho tag: "+topic" adds by hand, "-topic" removes (and keeps it removed).
    public func tag(objectID: Int64, add: [String], remove: [String], by who: String) throws {
        try write { db in
            let now = Timestamp.now()
            let present = Set(try String.fetchAll(db, sql: "SELECT topic FROM topics WHERE object_id = ? AND kind = 'topic' AND score >= 0", arguments: [objectID]))
            for t in add where !present.contains(t) { try Catalogue.logEdit(db, objectID: objectID, field: "topic", old: nil, new: t, by: who, at: now) }
            for t in remove where present.contains(t) { try Catalogue.logEdit(db, objectID: objectID, field: "topic", old: t, new: nil, by: who, at: now) }
            for t in add {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO topics (object_id, topic, kind, folded, score, origin, reason) VALUES (?, ?, 'topic', ?, 100, 'manual', 'set by hand')
                    """, arguments: [objectID, t, VietnameseText.folded(t)])
            }
            for t in remove {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO topics (object_id, topic, kind, folded, score, origin, reason) VALUES (?, ?, 'topic', ?, -1, 'manual', 'removed by hand')
                    """, arguments: [objectID, t, VietnameseText.folded(t)])
            }
        }
    }

    /// kho set: title, unit or type by hand; they win over extraction and rules.
    public func setManual(objectID: Int64, field: ManualField, value: String, by who: String) throws {
        try write { db in
            let now = Timestamp.now()
            let old: String?
            switch field {
            case .title: old = try String.fetchOne(db, sql: "SELECT title FROM objects WHERE id = ?", arguments: [objectID])
            case .unit: old = try String.fetchOne(db, sql: "SELECT unit FROM sources WHERE object_id = ? ORDER BY id DESC LIMIT 1", arguments: [objectID])
            case .type: old = try String.fetchOne(db, sql: "SELECT content_type FROM objects WHERE id = ?", arguments: [objectID])
            case .caption: old = try String.fetchOne(db, sql: "SELECT value FROM manual_values WHERE object_id = ? AND field = 'caption'", arguments: [objectID])
            }
            guard old != value else { return }
            try Catalogue.logEdit(db, objectID: objectID, field: field.rawValue, old: old, new: value, by: who, at: now)
            try db.execute(sql: "INSERT OR REPLACE INTO manual_values (object_id, field, value, set_by, set_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [objectID, field, value, who, now])
            switch field {
            case .title: try db.execute(sql: "UPDATE objects SET title = ? WHERE id = ?", arguments: [value, objectID])
            case .unit: try db.execute(sql: "UPDATE sources SET unit = ? WHERE object_id = ?", arguments: [value, objectID])
            case .type: try db.execute(sql: "UPDATE objects SET content_type = ?, content_type_reason = 'set by hand' WHERE id = ?", arguments: [value, objectID])
            case .caption: break
            }
            try Catalogue.refreshSearchRow(db, objectID: objectID)
        }
    }

    /// Counts for kho facets: per content type, topic, event, unit, document type, issuer and year —
    /// of the whole library, or of the items `ids` names (a search's matches), or of those the
    /// `filters` select.
    public func facets(ids: [Int64]? = nil, filters: SearchFilters? = nil) throws -> [String: [String: Int]] {
        var restriction = ""
        var arguments: [String: (any DatabaseValueConvertible)?] = [:]
        if let ids {
            restriction += " AND o.id IN (SELECT value FROM json_each(:ids))"
            arguments["ids"] = "[" + ids.map(String.init).joined(separator: ",") + "]"
        }
        if let filters {
            let (conditions, filterArguments) = Catalogue.conditions(filters)
            if !conditions.isEmpty {
                restriction += " AND o.id IN (SELECT o.id FROM objects o WHERE " + conditions.joined(separator: " AND ") + ")"
                arguments.merge(filterArguments) { a, _ in a }
            }
        }
        return try read { db in
            func group(_ sql: String) throws -> [String: Int] {
                var out: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: sql + restriction + " GROUP BY 1", arguments: StatementArguments(arguments)) {
                    out[(row[0] as String?) ?? "(none)"] = row[1]
                }
                return out
            }
            return [
                "type": try group("SELECT o.content_type, count(*) FROM objects o WHERE o.removed_at IS NULL"),
                "topic": try group("SELECT t.topic, count(*) FROM topics t JOIN objects o ON o.id = t.object_id WHERE t.kind = 'topic' AND t.score >= 0 AND o.removed_at IS NULL"),
                "event": try group("SELECT t.topic, count(*) FROM topics t JOIN objects o ON o.id = t.object_id WHERE t.kind = 'event' AND t.score >= 0 AND o.removed_at IS NULL"),
                "unit": try group("SELECT s.unit, count(DISTINCT s.object_id) FROM sources s JOIN objects o ON o.id = s.object_id WHERE o.removed_at IS NULL"),
                "doctype": try group("SELECT d.doc_type, count(*) FROM documents d JOIN objects o ON o.id = d.object_id WHERE o.removed_at IS NULL"),
                "issuer": try group("SELECT d.issuer, count(*) FROM documents d JOIN objects o ON o.id = d.object_id WHERE o.removed_at IS NULL AND d.issuer IS NOT NULL"),
                "year": try group("SELECT substr(coalesce(o.taken_at, d.iso_date, o.first_seen_at), 1, 4), count(*) FROM objects o LEFT JOIN documents d ON d.object_id = o.id WHERE o.removed_at IS NULL"),
            ]
        }
    }

    /// Every value a filter can match today, by filter: "unit", "topic", "event", "tag",
    /// "doctype" (codes and names), "type" (content types present).
    public func knownFilterValues() throws -> [String: [String]] {
        try read { db in
            func values(_ sql: String) throws -> [String] { try String.fetchAll(db, sql: sql) }
            return [
                "unit": try values("SELECT DISTINCT unit FROM sources WHERE unit IS NOT NULL ORDER BY 1"),
                "topic": try values("SELECT DISTINCT topic FROM topics WHERE kind = 'topic' ORDER BY 1"),
                "event": try values("SELECT DISTINCT topic FROM topics WHERE kind = 'event' ORDER BY 1"),
                "tag": try values("SELECT DISTINCT tag FROM source_tags ORDER BY 1"),
                "doctype": try values("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL UNION SELECT DISTINCT doc_type_name FROM documents WHERE doc_type_name IS NOT NULL ORDER BY 1"),
                "type": try values("SELECT DISTINCT content_type FROM objects WHERE content_type IS NOT NULL ORDER BY 1"),
            ]
        }
    }
}
