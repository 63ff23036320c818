import Foundation
import GRDB
import KhoVocabulary

/// Fingerprints as the catalogue keeps them (KhoMedia computes them; this layer only stores them).
extension Fingerprint {
    init(row: Row) {
        self.init(method: row["method"], status: row["status"], note: row["note"])
        hash = (row["hash"] as Int64?).map { UInt64(bitPattern: $0) }
        sequence = (row["sequence"] as Data?).map(Self.decode) ?? []
        rate = row["rate"]; duration = row["duration"]; width = row["width"]; height = row["height"]
        greyLevels = row["grey_levels"]; whiteShare = row["white_share"]
        version = row["version"]
    }

    static func encode(_ values: [UInt64]) -> Data {
        var data = Data(capacity: values.count * 8)
        for v in values { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ data: Data) -> [UInt64] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }
}

/// An object with what `kho dedup` weighs to suggest a keeper.
public struct DedupCandidate: Sendable, Equatable {
    public var objectID: Int64
    public var fingerprint: Fingerprint
    public var digest: String
    public var mime: String
    public var kind: MediaKind
    public var size: Int64
    public var firstSeenAt: String
    public var name: String
    /// It carries the camera's own metadata (EXIF make): a camera's file, not a conversion.
    public var fromCamera: Bool
    /// photo, graphic, scan … (classification), when known.
    public var contentType: ContentType?

    public init(objectID: Int64, fingerprint: Fingerprint, digest: String, mime: String, kind: MediaKind, size: Int64, firstSeenAt: String,
                name: String, fromCamera: Bool = false, contentType: ContentType? = nil) {
        self.objectID = objectID; self.fingerprint = fingerprint; self.digest = digest; self.mime = mime; self.kind = kind; self.size = size
        self.firstSeenAt = firstSeenAt; self.name = name; self.fromCamera = fromCamera; self.contentType = contentType
    }
}

/// One member of a marked near-duplicate cluster.
public struct SimilarRecord: Sendable, Equatable {
    public var objectID: Int64
    public var keeperID: Int64
    public var method: Fingerprint.Method
    public var distance: Double
    public init(objectID: Int64, keeperID: Int64, method: Fingerprint.Method, distance: Double) {
        self.objectID = objectID; self.keeperID = keeperID; self.method = method; self.distance = distance
    }
}

extension Catalogue {
    static func writeFingerprint(_ db: Database, objectID: Int64, _ f: Fingerprint, at time: String) throws {
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO fingerprints (object_id, method, status, note, hash, sequence, rate, duration, width, height,
                                                 grey_levels, white_share, version, computed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [objectID, f.method, f.status, f.note, f.hash.map { Int64(bitPattern: $0) },
                                     f.sequence.isEmpty ? nil : Fingerprint.encode(f.sequence), f.rate, f.duration,
                                     f.width, f.height, f.greyLevels, f.whiteShare, f.version, time])
    }

    /// Stores fingerprints computed after ingest (`kho fingerprint --missing`), in one transaction.
    public func storeFingerprints(_ records: [(objectID: Int64, fingerprint: Fingerprint)]) throws {
        let time = Timestamp.now()
        try write { db in for r in records { try Catalogue.writeFingerprint(db, objectID: r.objectID, r.fingerprint, at: time) } }
    }

    /// Objects of these kinds that have no fingerprint yet, or one an older version of its method
    /// made (not removed).
    public func objectsWithoutFingerprint(kinds: [MediaKind]) throws -> [ObjectRecord] {
        let marks = Array(repeating: "?", count: kinds.count).joined(separator: ",")
        let older = Fingerprint.Method.allCases.map { "(f.method = '\($0.rawValue)' AND f.version < \(Fingerprint.currentVersion(of: $0)))" }
        return try read { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT o.* FROM objects o LEFT JOIN fingerprints f ON f.object_id = o.id
                WHERE o.kind IN (\(marks)) AND o.removed_at IS NULL
                  AND (f.object_id IS NULL OR \(older.joined(separator: " OR "))) ORDER BY o.id
                """, arguments: StatementArguments(kinds.map(\.rawValue)))
        }
    }

    /// Objects of these kinds not removed, in id order after `afterID`, `limit` at a time (a walk
    /// over a large library that never holds all of it).
    public func liveObjects(kinds: [MediaKind], afterID: Int64, limit: Int) throws -> [ObjectRecord] {
        let marks = Array(repeating: "?", count: kinds.count).joined(separator: ",")
        return try read { db in
            try ObjectRecord.fetchAll(db, sql: """
                SELECT * FROM objects WHERE kind IN (\(marks)) AND removed_at IS NULL AND id > ? ORDER BY id LIMIT ?
                """, arguments: StatementArguments(kinds.map(\.rawValue)) + [afterID, limit])
        }
    }

    /// One extracted fact of an object ("media.duration" …).
    public func factValue(objectID: Int64, key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM facts WHERE object_id = ? AND key = ?", arguments: [objectID, key]) }
    }

    /// An object's extracted text (documents' MinHash is computed from it).
    public func text(objectID: Int64) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT body FROM texts WHERE object_id = ?", arguments: [objectID]) }
    }

    /// Every usable fingerprint of one method, with what choosing a keeper needs.
    public func dedupCandidates(method: Fingerprint.Method) throws -> [DedupCandidate] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.*, o.digest, o.mime, o.kind, o.size, o.first_seen_at, o.content_type,
                       (SELECT file_name FROM sources WHERE object_id = o.id ORDER BY id LIMIT 1) AS name,
                       EXISTS (SELECT 1 FROM facts WHERE object_id = o.id AND key = 'exif.make') AS camera
                FROM fingerprints f JOIN objects o ON o.id = f.object_id
                WHERE f.method = ? AND f.status = 'ok' AND o.removed_at IS NULL ORDER BY o.id
                """, arguments: [method]).map { row in
                DedupCandidate(objectID: row["object_id"], fingerprint: Fingerprint(row: row), digest: row["digest"], mime: row["mime"], kind: row["kind"],
                               size: row["size"], firstSeenAt: row["first_seen_at"], name: row["name"] ?? "", fromCamera: row["camera"],
                               contentType: row["content_type"])
            }
        }
    }

    public func fingerprint(objectID: Int64) throws -> Fingerprint? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM fingerprints WHERE object_id = ?", arguments: [objectID]).map(Fingerprint.init) }
    }

    /// Objects with several sources: exact duplicates (one object, several paths).
    public func exactDuplicateGroups(kind: MediaKind?) throws -> [(object: ObjectRecord, sources: [SourceRecord])] {
        try read { db in
            let objects = try ObjectRecord.fetchAll(db, sql: """
                SELECT * FROM objects WHERE removed_at IS NULL AND (?1 IS NULL OR kind = ?1)
                  AND (SELECT count(*) FROM sources WHERE object_id = objects.id) > 1 ORDER BY id
                """, arguments: [kind])
            return try objects.map { o in
                (o, try SourceRecord.fetchAll(db, sql: "SELECT * FROM sources WHERE object_id = ? ORDER BY ingested_at, id", arguments: [o.id]))
            }
        }
    }

    /// Replaces the marked clusters of these methods by `records` (one transaction).
    public func markSimilar(_ records: [SimilarRecord], methods: [Fingerprint.Method], preset: String) throws {
        let time = Timestamp.now()
        try write { db in
            for m in methods { try db.execute(sql: "DELETE FROM similar WHERE method = ?", arguments: [m]) }
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO similar (object_id, keeper_id, method, distance, preset, marked_at) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for r in records { try insert.execute(arguments: [r.objectID, r.keeperID, r.method, r.distance, preset, time]) }
        }
    }

    /// The other members of an object's marked cluster (and their distance to the keeper).
    public func relatives(objectID: Int64) throws -> [(object: ObjectRecord, keeper: Bool, distance: Double, method: Fingerprint.Method)] {
        try read { db in
            guard let keeper = try Int64.fetchOne(db, sql: "SELECT keeper_id FROM similar WHERE object_id = ?", arguments: [objectID]) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT o.*, s.distance AS similar_distance, s.method AS similar_method FROM similar s JOIN objects o ON o.id = s.object_id
                WHERE s.keeper_id = ? AND s.object_id != ? ORDER BY s.distance, o.id
                """, arguments: [keeper, objectID]).map { row in
                (try ObjectRecord(row: row), (row["id"] as Int64) == keeper, row["similar_distance"], row["similar_method"])
            }
        }
    }

    /// For search: each object's cluster keeper and the cluster's size, for these objects.
    public func clusters(of objectIDs: [Int64]) throws -> [Int64: (keeper: Int64, size: Int)] {
        try read { db in try Catalogue.clusters(db, of: objectIDs) }
    }

    static func clusters(_ db: Database, of objectIDs: [Int64]) throws -> [Int64: (keeper: Int64, size: Int)] {
        guard !objectIDs.isEmpty else { return [:] }
        let list = "[" + objectIDs.map(String.init).joined(separator: ",") + "]"
        var out: [Int64: (keeper: Int64, size: Int)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.object_id, s.keeper_id, (SELECT count(*) FROM similar t WHERE t.keeper_id = s.keeper_id) AS n
            FROM similar s WHERE s.object_id IN (SELECT value FROM json_each(?))
            """, arguments: [list]) {
            out[row["object_id"]] = (row["keeper_id"], row["n"])
        }
        return out
    }
}
