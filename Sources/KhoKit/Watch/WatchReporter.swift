import Foundation
import Glibc
import KhoCatalogue

/// What the watcher tells: a log line per file and per notice, the last problems, and the status
/// file `kho status` reads (at most once a second).
final class WatchReporter {
    let layout: InboxLayout
    let repository: String
    let log: (WatchMessage) -> Void
    /// "inotify" or "poll every N s …", as the status says it.
    var mode = ""
    var startedAt = Timestamp.now()
    /// Something changed since the status was last written.
    var dirty = true
    private(set) var writtenAt = 0.0
    private var counts: [String: Int] = [:]
    private var lastProblems: [WatchStatus.Problem] = []

    init(layout: InboxLayout, repository: String, log: @escaping (WatchMessage) -> Void) {
        self.layout = layout; self.repository = repository; self.log = log
    }

    func emit(place: InboxLayout.Place, path: String, result: WatchResult, digest: String?, ms: Int, reason: String?, movedTo: String?) {
        counts[result.rawValue, default: 0] += 1
        dirty = true
        if result == .failed || result == .quarantined { remember(path: path, reason: reason ?? result.rawValue) }
        log(.file(WatchLogEntry(time: Timestamp.now(), unit: layout.unit(of: place), name: place.fileName, path: path,
                                result: result, digest: digest, ms: ms, reason: reason, movedTo: movedTo)))
    }

    func problem(path: String, reason: String) {
        remember(path: path, reason: reason)
        log(.notice("\(path): \(reason)"))
    }

    /// The last 20 problems, for `kho status`.
    private func remember(path: String, reason: String) {
        dirty = true
        lastProblems.append(WatchStatus.Problem(time: Timestamp.now(), path: path, reason: reason))
        if lastProblems.count > 20 { lastProblems.removeFirst(lastProblems.count - 20) }
    }

    func writeStatus(state: WatchStatus.State, queueLength: Int, waiting: [WatchStatus.Waiting], now: Double, force: Bool) {
        guard dirty, force || now - writtenAt >= 1 else { return }
        let status = WatchStatus(pid: getpid(), inbox: layout.inbox, mode: mode, state: state, startedAt: startedAt,
                                 updatedAt: Timestamp.now(), queueLength: queueLength, queue: waiting,
                                 counts: counts, lastProblems: lastProblems)
        status.write(repository: repository)
        writtenAt = now
        dirty = false
    }
}
