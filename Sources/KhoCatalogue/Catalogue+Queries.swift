import GRDB
import KhoVocabulary

extension Catalogue {
    /// Objects whose digest starts with `prefix` (lower-case hex), at most `limit`.
    /// Sources catalogued after the one with this row id, oldest first (a watcher's progress).
    public func sourcePaths(afterID id: Int64) throws -> [(id: Int64, path: String)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT id, path FROM sources WHERE id > ? ORDER BY id", arguments: [id]).map { ($0["id"], $0["path"]) }
        }
    }

    public func object(id: Int64) throws -> ObjectRecord? {
        try read { db in try ObjectRecord.fetchOne(db, key: id) }
    }

    public func objects(digestPrefix prefix: String, limit: Int = 10) throws -> [ObjectRecord] {
        let lower = prefix.lowercased()
        return try read { db in
            // A range on the unique index: "ab12" ≤ digest < "ab12g" ('g' sorts after every hex digit).
            try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects WHERE digest >= ? AND digest < ? ORDER BY digest LIMIT ?",
                                      arguments: [lower, lower + "g", limit])
        }
    }

    /// The highest object id so far (0 in an empty catalogue): what comes after it is new.
    public func lastObjectID() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM objects") ?? 0 }
    }

    /// The object with exactly this digest, unless it was removed (`kho remove`).
    public func presentObject(digest: String) throws -> ObjectRecord? {
        try read { db in
            try ObjectRecord.fetchOne(db, sql: "SELECT * FROM objects WHERE digest = ? AND removed_at IS NULL", arguments: [digest.lowercased()])
        }
    }

    /// The digest of a document the library holds under this number ("57-NQ/TW"), if any.
    public func digest(ofDocumentNumbered number: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT o.digest FROM documents d JOIN objects o ON o.id = d.object_id
                WHERE d.number = ? AND o.removed_at IS NULL ORDER BY o.id LIMIT 1
                """, arguments: [number])
        }
    }

    /// Objects that some source at exactly this path produced (newest first).
    public func objects(sourcePath path: String) throws -> [ObjectRecord] {
        try read { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT objects.* FROM objects JOIN sources ON sources.object_id = objects.id
                WHERE sources.path = ? ORDER BY sources.last_seen_at DESC
                """, arguments: [path])
        }
    }

    public func details(of object: ObjectRecord) throws -> ObjectDetails {
        try read { db in
            let sources = try SourceRecord.fetchAll(db, sql: "SELECT * FROM sources WHERE object_id = ? ORDER BY ingested_at, id",
                                                    arguments: [object.id])
            let facts = try FactRecord.fetchAll(db, sql: "SELECT * FROM facts WHERE object_id = ? ORDER BY key",
                                                arguments: [object.id])
            let text = try TextRecord.fetchOne(db, sql: "SELECT body, origin, truncated, pages FROM texts WHERE object_id = ?",
                                               arguments: [object.id])
            var tags: [Int64: [String]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT t.source_id, t.tag FROM source_tags t JOIN sources s ON s.id = t.source_id
                WHERE s.object_id = ? ORDER BY t.source_id, t.position
                """, arguments: [object.id]) {
                tags[row["source_id"], default: []].append(row["tag"])
            }
            return ObjectDetails(object: object, sources: sources, facts: facts, text: text, tags: tags)
        }
    }

    /// The most recently first-seen objects, with their sources.
    public func recent(limit: Int, kind: String? = nil, unit: String? = nil) throws -> [ObjectDetails] {
        let objects = try read { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT * FROM objects
                WHERE removed_at IS NULL AND (?1 IS NULL OR kind = ?1)
                  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM sources s WHERE s.object_id = objects.id AND s.unit = ?2))
                ORDER BY first_seen_at DESC, id DESC LIMIT ?3
                """, arguments: [kind, unit, limit])
        }
        return try objects.map { try details(of: $0) }
    }

    /// Items stored under an old unit name take the new one (kho.toml [units] aliases).
    /// Returns how many sources changed.
    @discardableResult
    public func renameUnits(_ renames: [(from: String, to: String)]) throws -> Int {
        guard !renames.isEmpty else { return 0 }
        return try write { db in
            var changed = 0
            for r in renames {
                try db.execute(sql: "UPDATE sources SET unit = ? WHERE unit = ?", arguments: [r.to, r.from])
                changed += db.changesCount
            }
            return changed
        }
    }

    public func stats() throws -> CatalogueStats {
        try read { db in
            let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM objects") ?? 0
            let bytes = try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM objects") ?? 0
            let sources = try Int.fetchOne(db, sql: "SELECT count(*) FROM sources") ?? 0
            var byKind: [String: (count: Int, bytes: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n, sum(size) AS b FROM objects GROUP BY kind") {
                byKind[row["kind"]] = (row["n"], row["b"])
            }
            var units: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT coalesce(unit, '') AS unit, count(DISTINCT object_id) AS n FROM sources GROUP BY coalesce(unit, '')
                """) {
                units[row["unit"]] = row["n"]
            }
            var extraction: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT extract_status AS s, count(*) AS n FROM objects WHERE extract_status IS NOT NULL GROUP BY extract_status") {
                extraction[row["s"]] = row["n"]
            }
            let quarantined = try Int.fetchOne(db, sql: "SELECT count(DISTINCT digest) FROM quarantine") ?? 0
            let runs = try Int.fetchOne(db, sql: "SELECT count(*) FROM ingest_runs") ?? 0
            let lastRun = try IngestRunRecord.fetchOne(db, sql: "SELECT * FROM ingest_runs ORDER BY id DESC LIMIT 1")
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            return CatalogueStats(objects: objects, bytes: bytes, sources: sources, byKind: byKind, units: units,
                                  extraction: extraction, quarantined: quarantined, runs: runs, lastRun: lastRun, schemaVersion: version)
        }
    }

    /// Refusals whose digest starts with `prefix` or whose path is `path`, newest first.
    public func quarantined(digestPrefix prefix: String?, path: String?) throws -> [QuarantineRecord] {
        try read { db in
            try QuarantineRecord.fetchAll(db, sql: """
                SELECT * FROM quarantine WHERE (?1 IS NOT NULL AND digest >= ?1 AND digest < ?1 || 'g') OR path = ?2
                ORDER BY at DESC, id DESC LIMIT 20
                """, arguments: [prefix?.lowercased(), path])
        }
    }

    /// Every digest the catalogue knows, for consistency checks against the store.
    public func allDigests() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT digest FROM objects ORDER BY digest") }
    }
}
