import Foundation

/// One distinct content: a row of `objects`.
public struct ObjectRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var digest: String
    public var size: Int64
    public var mime: String
    public var kind: MediaKind
    public var firstSeenAt: String
    public var firstRunId: Int64
    public var title: String?
    public var takenAt: String?
    public var extractStatus: Extraction.Status?
    public var extractNote: String?
    /// When an audit last re-read it and found it intact.
    public var lastVerifiedAt: String?
    /// Set while damaged (until `kho repair` mends it).
    public var damage: Damage?
    /// photo, graphic, scan, … (kho classify) and why.
    public var contentType: ContentType?
    public var contentTypeReason: String?

    enum CodingKeys: String, CodingKey {
        case id, digest, size, mime, kind, title
        case firstSeenAt = "first_seen_at", firstRunId = "first_run_id"
        case takenAt = "taken_at", extractStatus = "extract_status", extractNote = "extract_note"
        case lastVerifiedAt = "last_verified_at", damage, contentType = "content_type", contentTypeReason = "content_type_reason"
    }
}

/// One path that produced an object: a row of `sources`.
public struct SourceRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var objectId: Int64
    public var path: String
    public var fileName: String
    public var size: Int64
    public var mtime: String
    public var unit: String?
    public var claimedMime: String?
    public var extMismatch: Bool
    public var runId: Int64
    public var ingestedAt: String
    public var lastRunId: Int64
    public var lastSeenAt: String
    /// A name that is not UTF-8, read as Windows-1258 (the name itself keeps its bytes).
    public var nameReading: String?

    enum CodingKeys: String, CodingKey {
        case id, path, size, mtime, unit
        case objectId = "object_id", fileName = "file_name", claimedMime = "claimed_mime"
        case extMismatch = "ext_mismatch", runId = "run_id", ingestedAt = "ingested_at"
        case lastRunId = "last_run_id", lastSeenAt = "last_seen_at", nameReading = "name_reading"
    }
}

/// One run of `kho ingest` (later also the watcher): a row of `ingest_runs`.
public struct IngestRunRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var command: String
    public var user: String
    public var host: String
    public var roots: String
    public var unit: String?
    public var startedAt: String
    public var finishedAt: String?
    public var filesSeen: Int = 0
    public var objectsAdded: Int = 0
    public var sourcesAdded: Int = 0
    public var duplicates: Int = 0
    public var quarantined: Int = 0
    public var failed: Int = 0
    public var bytesRead: Int64 = 0
    public var bytesStored: Int64 = 0

    public init(command: String, user: String, host: String, roots: String, unit: String?, startedAt: String) {
        self.command = command
        self.user = user
        self.host = host
        self.roots = roots
        self.unit = unit
        self.startedAt = startedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, command, user, host, roots, unit, failed, duplicates, quarantined
        case startedAt = "started_at", finishedAt = "finished_at", filesSeen = "files_seen"
        case objectsAdded = "objects_added", sourcesAdded = "sources_added"
        case bytesRead = "bytes_read", bytesStored = "bytes_stored"
    }
}

/// A refused file kept aside: a row of `quarantine`.
public struct QuarantineRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var digest: String
    public var size: Int64
    public var path: String
    public var fileName: String
    public var detectedMime: String
    public var claimedMime: String?
    public var reason: String
    public var runId: Int64
    public var at: String

    public init(digest: String, size: Int64, path: String, fileName: String, detectedMime: String,
                claimedMime: String?, reason: String, runId: Int64, at: String) {
        self.digest = digest; self.size = size; self.path = path; self.fileName = fileName
        self.detectedMime = detectedMime; self.claimedMime = claimedMime; self.reason = reason
        self.runId = runId; self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case id, digest, size, path, reason, at
        case fileName = "file_name", detectedMime = "detected_mime", claimedMime = "claimed_mime", runId = "run_id"
    }
}

/// A file that could not be taken: a row of `ingest_problems`.
public struct ProblemRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var runId: Int64
    public var path: String
    public var reason: String
    public var at: String

    public init(runId: Int64, path: String, reason: String, at: String) {
        self.runId = runId; self.path = path; self.reason = reason; self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case id, path, reason, at
        case runId = "run_id"
    }
}

/// One extracted fact about an object: a row of `facts`.
public struct FactRecord: Codable, Sendable, Equatable {
    public var objectId: Int64
    public var key: String
    public var value: String

    public init(objectId: Int64, key: String, value: String) { self.objectId = objectId; self.key = key; self.value = value }

    enum CodingKeys: String, CodingKey {
        case key, value
        case objectId = "object_id"
    }
}
