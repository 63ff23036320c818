import Foundation

/// One audit or repair (table `audit_runs`).
public struct AuditRunRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var kind: AuditRunKind
    public var target: String
    public var full: Bool
    public var budget: String?
    public var startedAt: String
    public var finishedAt: String?
    public var objectsChecked = 0
    public var bytesChecked: Int64 = 0
    public var objectsLeft = 0
    public var problems = 0
    public var mended = 0
    public var status: AuditOutcome?

    enum CodingKeys: String, CodingKey {
        case id, kind, target, full, budget, startedAt = "started_at", finishedAt = "finished_at"
        case objectsChecked = "objects_checked", bytesChecked = "bytes_checked", objectsLeft = "objects_left"
        case problems, mended, status
    }

    public init(kind: AuditRunKind, target: String, full: Bool, budget: String?, startedAt: String) {
        self.kind = kind; self.target = target; self.full = full; self.budget = budget; self.startedAt = startedAt
    }
}

/// One finding of an audit, or one thing a repair mended or could not (table `audit_problems`).
public struct AuditProblemRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var runId: Int64
    public var kind: FindingKind
    public var digest: String?
    public var path: String?
    public var detail: String
    public var mended: Bool

    enum CodingKeys: String, CodingKey {
        case id, runId = "run_id", kind, digest, path, detail, mended
    }

    public init(runId: Int64, kind: FindingKind, digest: String?, path: String?, detail: String, mended: Bool = false) {
        self.runId = runId; self.kind = kind; self.digest = digest; self.path = path; self.detail = detail; self.mended = mended
    }
}

/// A second copy of the repository (table `mirrors`).
public struct MirrorRecord: Codable, Sendable, Equatable {
    public var id: Int64?
    public var path: String
    public var addedAt: String
    public var lastSyncAt: String?
    public var lastSyncObjects = 0
    public var lastSyncBytes: Int64 = 0
    public var objects = 0

    enum CodingKeys: String, CodingKey {
        case id, path, addedAt = "added_at", lastSyncAt = "last_sync_at", lastSyncObjects = "last_sync_objects"
        case lastSyncBytes = "last_sync_bytes", objects
    }

    public init(path: String, addedAt: String) { self.path = path; self.addedAt = addedAt }
}
