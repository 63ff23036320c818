import Foundation
import KhoVocabulary

/// What a running watcher tells `kho status`: written to `<repository>/watch-status.json`
/// (atomically, at most once a second and when it stops).
public struct WatchStatus: Codable, Sendable, Equatable {
    public static let fileName = "watch-status.json"

    public enum State: String, Codable, Sendable { case running, stopped }

    public struct Waiting: Codable, Sendable, Equatable {
        public enum Reason: String, Codable, Sendable {
            /// Not yet unchanged for the stability window.
            case changing
            /// A program still has it open for writing.
            case open
        }
        public var path: String
        public var unit: String?
        public var size: Int64
        public var reason: Reason
    }

    public struct Problem: Codable, Sendable, Equatable {
        public var time: String
        public var path: String
        public var reason: String
    }

    public var pid: Int32
    public var inbox: String
    /// "inotify" or "poll every N s".
    public var mode: String
    public var state: State
    public var startedAt: String
    public var updatedAt: String
    public var queueLength: Int
    /// The first files of the queue (at most 50).
    public var queue: [Waiting]
    /// Counts since this watcher started, by result (added, duplicate, quarantined, failed, gone).
    public var counts: [String: Int]
    public var lastProblems: [Problem]

    enum CodingKeys: String, CodingKey {
        case pid, inbox, mode, state, startedAt = "started_at", updatedAt = "updated_at", queueLength = "queue_length"
        case queue, counts, lastProblems = "last_problems"
    }

    public static func path(repository: String) -> String { repository + "/" + fileName }

    public func write(repository: String) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return }
        // Best effort: a status file that cannot be written must never stop the watcher.
        try? data.write(to: URL(fileURLWithPath: Self.path(repository: repository)), options: .atomic)
    }

    public static func read(repository: String) -> WatchStatus? {
        guard let data = FileManager.default.contents(atPath: path(repository: repository)) else { return nil }
        return try? JSONDecoder().decode(WatchStatus.self, from: data)
    }
}

/// One line of the watcher's log: what became of one file.
public struct WatchLogEntry: Codable, Sendable, Equatable {
    public var time: String
    public var unit: String?
    public var name: String
    public var path: String
    /// added, duplicate, quarantined, failed, gone (deleted before it was taken), already-taken.
    public var result: WatchResult
    public var digest: String?
    /// From the moment it was taken to its catalogue rows being committed.
    public var ms: Int
    public var reason: String?
    /// Where the original went (done/… or failed/…), when it was moved.
    public var movedTo: String?

    enum CodingKeys: String, CodingKey {
        case time, unit, name, path, result, digest, ms, reason, movedTo = "moved_to"
    }
}

/// What a watcher says as it goes.
public enum WatchMessage: Sendable {
    case file(WatchLogEntry)
    /// Starting, stopping, mode changes, an unreachable inbox … plain sentences.
    case notice(String)
}
