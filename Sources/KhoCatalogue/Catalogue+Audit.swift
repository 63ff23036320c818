import Foundation
import GRDB
import KhoVocabulary

/// The part of an object an audit needs.
public struct ObjectToVerify: Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var digest: String
    public var size: Int64
    public var damage: Damage?
    public init(row: Row) {
        id = row["id"]; digest = row["digest"]; size = row["size"]; damage = row["damage"]
    }
}

extension Catalogue {
    public func beginAuditRun(_ run: AuditRunRecord) throws -> AuditRunRecord {
        try write { db in
            var run = run
            try run.insert(db)
            return run
        }
    }

    public func finishAuditRun(_ run: AuditRunRecord, problems: [AuditProblemRecord]) throws {
        try write { db in
            try run.update(db)
            for var p in problems { try p.insert(db) }
        }
    }

    /// Past runs, newest first.
    public func auditRuns(limit: Int) throws -> [AuditRunRecord] {
        try read { db in
            try AuditRunRecord.fetchAll(db, sql: "SELECT * FROM audit_runs ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    public func auditProblems(runID: Int64) throws -> [AuditProblemRecord] {
        try read { db in
            try AuditProblemRecord.fetchAll(db, sql: "SELECT * FROM audit_problems WHERE run_id = ? ORDER BY id", arguments: [runID])
        }
    }

    /// Bytes of every object not flagged damaged (what a full re-read reads).
    public func totalObjectBytes() throws -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(sum(size), 0) FROM objects WHERE damage IS NULL") ?? 0 }
    }

    public func objectCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM objects") ?? 0 }
    }

    /// The next objects to re-read: never verified first, then the least recently verified;
    /// flagged ones and those in `skipping` (already looked at in this run) left out.
    public func objectsToVerify(verifiedBefore time: String, skipping: [Int64], limit: Int) throws -> [ObjectToVerify] {
        let skip = "[" + skipping.map(String.init).joined(separator: ",") + "]"
        return try read { db in
            try ObjectToVerify.fetchAll(db, sql: """
                SELECT id, digest, size, damage FROM objects
                WHERE (last_verified_at IS NULL OR last_verified_at < ?) AND damage IS NULL
                  AND id NOT IN (SELECT value FROM json_each(?))
                ORDER BY last_verified_at, id LIMIT ?
                """, arguments: [time, skip, limit])
        }
    }

    /// How many objects are due for a re-read (verified before `time`, or never), not flagged.
    public func countToVerify(verifiedBefore time: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM objects WHERE (last_verified_at IS NULL OR last_verified_at < ?) AND damage IS NULL
                """, arguments: [time]) ?? 0
        }
    }

    /// Objects flagged damaged (by an earlier audit), for repair and for reporting.
    public func damagedObjects() throws -> [ObjectToVerify] {
        try read { db in
            try ObjectToVerify.fetchAll(db, sql: "SELECT id, digest, size, damage FROM objects WHERE damage IS NOT NULL ORDER BY id")
        }
    }

    /// Calls `body` with every object, a page at a time in id order (memory stays flat).
    public func forEachObjectPage(size: Int = 2048, _ body: ([ObjectToVerify]) throws -> Void) throws {
        var afterID: Int64 = 0
        while true {
            let page = try objects(afterID: afterID, limit: size)
            guard let last = page.last else { return }
            afterID = last.id
            try body(page)
        }
    }

    /// Every object, a page at a time in id order (for existence checks and mirror syncs).
    public func objects(afterID id: Int64, limit: Int) throws -> [ObjectToVerify] {
        try read { db in
            try ObjectToVerify.fetchAll(db, sql: "SELECT id, digest, size, damage FROM objects WHERE id > ? ORDER BY id LIMIT ?",
                                        arguments: [id, limit])
        }
    }

    /// Records that these objects were re-read and found intact (bookkeeping: not waited for on disk).
    /// Clears every verification date and damage mark (a catalogue taken from a mirror's snapshot:
    /// they described the mirror's copies; the next audit proves these afresh).
    public func forgetVerification() throws {
        try write { db in try db.execute(sql: "UPDATE objects SET last_verified_at = NULL, damage = NULL, damaged_at = NULL") }
    }

    public func markVerified(_ ids: [Int64], at time: String) throws {
        guard !ids.isEmpty else { return }
        try writeLazily { db in
            let statement = try db.cachedStatement(sql: "UPDATE objects SET last_verified_at = ? WHERE id = ?")
            for id in ids { try statement.execute(arguments: [time, id]) }
        }
    }

    /// Flags an object damaged (`Damage`), or clears the flag (nil) once mended.
    public func setDamage(_ damage: Damage?, objectID: Int64, at time: String) throws {
        try write { db in
            try db.execute(sql: "UPDATE objects SET damage = ?, damaged_at = ?, last_verified_at = coalesce(?, last_verified_at) WHERE id = ?",
                           arguments: [damage, damage == nil ? nil : time, damage == nil ? time : nil, objectID])
        }
    }

    /// Whether the catalogue knows these bytes (the orphan check).
    public func knowsObject(digest: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM objects WHERE digest = ?)", arguments: [digest]) ?? false
        }
    }

    /// Paths that once held an object's bytes (where a repair may find them again).
    public func sourcePaths(objectID: Int64) throws -> [(path: String, size: Int64)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT path, size FROM sources WHERE object_id = ? ORDER BY last_seen_at DESC", arguments: [objectID])
                .map { ($0["path"], $0["size"]) }
        }
    }

    // MARK: The catalogue's own health

    /// True for SQLite's "the file is damaged" errors (as opposed to busy, full, permission …).
    public static func isCorruption(_ error: Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else SQLite's findings.
    public func integrityProblems() throws -> [String] {
        do {
            return try read { db in
                let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                return rows == ["ok"] ? [] : rows
            }
        } catch where Catalogue.isCorruption(error) {
            return ["\(error)"]
        }
    }

    /// `PRAGMA foreign_key_check`: rows pointing at rows that do not exist.
    public func foreignKeyProblems() throws -> [String] {
        do {
            return try read { db in
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { row in
                    "\(row[0] as String? ?? "?") row \(row[1] as Int64? ?? -1) points at a missing \(row[2] as String? ?? "?") row"
                }
            }
        } catch where Catalogue.isCorruption(error) {
            return ["\(error)"]
        }
    }

    /// The search index: FTS5's own integrity check, and one row per object, no more, no less.
    public func searchIndexProblems() throws -> [String] {
        var problems: [String] = []
        do {
            try write { db in try db.execute(sql: "INSERT INTO search (search, rank) VALUES ('integrity-check', 1)") }
        } catch {
            problems.append("the search index fails its own check (\(error))")
        }
        do { try read { db in
            let unindexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM objects WHERE removed_at IS NULL AND id NOT IN (SELECT rowid FROM search)") ?? 0
            let extra = try Int.fetchOne(db, sql: "SELECT count(*) FROM search WHERE rowid NOT IN (SELECT id FROM objects WHERE removed_at IS NULL)") ?? 0
            if unindexed > 0 { problems.append("\(unindexed) item(s) are missing from the search index") }
            if extra > 0 { problems.append("the search index holds \(extra) row(s) for items that do not exist or were removed") }
        } } catch where Catalogue.isCorruption(error) {
            problems.append("\(error)")
        }
        return problems
    }

    /// A consistent copy of the whole catalogue in a new file, made with SQLite's online backup
    /// (readers and writers may go on meanwhile). The file at `path` must not exist.
    public func backup(to path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try database.backup(to: destination)
        try destination.close()
    }

    /// Copies a catalogue file (a mirror's snapshot) with SQLite's backup API, opening the
    /// source read-only: the source may sit on a read-only mount.
    public static func copy(from source: String, to destination: String) throws {
        var config = Configuration()
        config.readonly = true
        let input = try DatabaseQueue(path: source, configuration: config)
        let output = try DatabaseQueue(path: destination)
        try input.backup(to: output)
        try output.close()
        try input.close()
    }

    // MARK: Mirrors

    public func mirrors() throws -> [MirrorRecord] {
        try read { db in try MirrorRecord.fetchAll(db, sql: "SELECT * FROM mirrors ORDER BY id") }
    }

    public func addMirror(path: String, at time: String) throws -> MirrorRecord {
        try write { db in
            if let existing = try MirrorRecord.fetchOne(db, sql: "SELECT * FROM mirrors WHERE path = ?", arguments: [path]) {
                return existing
            }
            var mirror = MirrorRecord(path: path, addedAt: time)
            try mirror.insert(db)
            return mirror
        }
    }

    public func updateMirror(_ mirror: MirrorRecord) throws {
        try write { db in try mirror.update(db) }
    }
}

extension Catalogue {
    /// For a mirror's new catalogue snapshot: what the snapshot says about verification is the
    /// repository's (its audits, its copies). The mirror's own — when each of *its* copies was last
    /// proven, what is damaged there, its audit history — is taken from its previous snapshot at
    /// `previous` (if any); the objects in `verified` were hashed as they were copied, `at`.
    public func adoptMirrorAuditState(previous: String?, verified: [String], at time: String) throws {
        try database.writeWithoutTransaction { db in
            var attached = false
            if let previous, FileManager.default.fileExists(atPath: previous) {
                // An older snapshot without these columns (before schema 4) simply has nothing to give.
                attached = (try? db.execute(sql: "ATTACH DATABASE ? AS previous", arguments: [previous])) != nil
                if attached, (try? Int.fetchOne(db, sql: "SELECT count(*) FROM previous.audit_runs")) == nil {
                    try db.execute(sql: "DETACH DATABASE previous")
                    attached = false
                }
            }
            defer { if attached { try? db.execute(sql: "DETACH DATABASE previous") } }
            try db.inTransaction {
                try db.execute(sql: "UPDATE objects SET last_verified_at = NULL, damage = NULL, damaged_at = NULL")
                try db.execute(sql: "DELETE FROM audit_problems")
                try db.execute(sql: "DELETE FROM audit_runs")
                if attached {
                    try db.execute(sql: """
                        UPDATE objects SET last_verified_at = p.last_verified_at, damage = p.damage, damaged_at = p.damaged_at
                        FROM previous.objects AS p WHERE p.digest = objects.digest
                        """)
                    try db.execute(sql: "INSERT INTO audit_runs SELECT * FROM previous.audit_runs")
                    try db.execute(sql: "INSERT INTO audit_problems SELECT * FROM previous.audit_problems")
                }
                let mark = try db.cachedStatement(sql: "UPDATE objects SET last_verified_at = ?, damage = NULL, damaged_at = NULL WHERE digest = ?")
                for digest in verified { try mark.execute(arguments: [time, digest]) }
                return .commit
            }
        }
    }
}
