import Foundation

/// One file the watcher took from an inbox (table `watch_journal`).
public struct WatchJournalRecord: Codable, Sendable, Equatable {

    public var id: Int64?
    public var inbox: String
    public var path: String
    public var size: Int64
    public var mtimeNs: Int64
    public var inode: Int64
    public var unit: String?
    public var result: IngestResult
    public var digest: String?
    public var reason: String?
    public var after: AfterAction
    public var state: WatchState
    public var destination: String?
    public var runId: Int64?
    public var takenAt: String
    public var finishedAt: String?

    enum CodingKeys: String, CodingKey {
        case id, inbox, path, size, mtimeNs = "mtime_ns", inode, unit, result, digest, reason, after, state
        case destination, runId = "run_id", takenAt = "taken_at", finishedAt = "finished_at"
    }

    public init(inbox: String, path: String, size: Int64, mtimeNs: Int64, inode: Int64, unit: String?, result: IngestResult,
                digest: String?, reason: String?, after: AfterAction, destination: String?, runId: Int64?, takenAt: String) {
        self.inbox = inbox; self.path = path; self.size = size; self.mtimeNs = mtimeNs; self.inode = inode
        self.unit = unit; self.result = result; self.digest = digest; self.reason = reason; self.after = after
        self.state = .taken; self.destination = destination; self.runId = runId; self.takenAt = takenAt
    }
}

/// Counts and recent trouble from the journal, for `kho status`.
public struct WatchJournalSummary: Sendable, Equatable {
    public var counts: [String: Int]
    public var unfinished: Int
    public var recentFailures: [WatchJournalRecord]
    public var lastTakenAt: String?

    public init(counts: [String: Int], unfinished: Int, recentFailures: [WatchJournalRecord], lastTakenAt: String?) {
        self.counts = counts; self.unfinished = unfinished; self.recentFailures = recentFailures; self.lastTakenAt = lastTakenAt
    }
}
