import Foundation
import Glibc
import GRDB
@testable import KhoCatalogue
import KhoTestSupport
@testable import KhoKit

/// A watcher running on its own thread over a scratch inbox, for tests: real inotify, real files,
/// real catalogue.
final class WatchHarness: @unchecked Sendable {
    let base: String
    let inbox: String
    let repository: Repository
    private let lock = NSLock()
    private var messages: [WatchMessage] = []
    private var stop = StopSignal()
    private var finished = DispatchSemaphore(value: 0)
    private(set) var failure: Error?

    init(label: String = "kho-watch") throws {
        base = try TestSupport.scratchDirectory(label)
        inbox = base + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        repository = try Repository.initialize(at: base + "/Storage").0
    }

    var done: String { base + "/done" }
    var failed: String { base + "/failed" }

    func settings(after: AfterAction = .move, stable: Double = 1, poll: Double? = nil, config: RepositoryConfig = RepositoryConfig()) -> WatchSettings {
        WatchSettings(inbox: inbox, config: config, after: after, stable: stable, poll: poll, rescan: 300)
    }

    func start(_ settings: WatchSettings) {
        stop = StopSignal()
        finished = DispatchSemaphore(value: 0)
        let stop = self.stop, finished = self.finished
        // The thread must not hold the last reference to the harness (so to the repository): what
        // a Thread's closure holds is released in the thread's exit destructors, and a database
        // closed there corrupts the heap. The job is released before `finished` is signalled.
        Thread { [weak self] in
            if let repository = self?.repository {
                let job = WatchJob(repository: repository, settings: settings) { message in
                    self?.lock.withLock { self?.messages.append(message) }
                }
                do { try job.run(stop: stop) } catch { self?.lock.withLock { self?.failure = error } }
            }
            finished.signal()
        }.start()
    }

    /// Stops the watcher and waits for it (at most 30 s).
    @discardableResult
    func stopAndWait() -> Bool {
        stop.request()
        return finished.wait(timeout: .now() + 30) == .success
    }

    var entries: [WatchLogEntry] {
        lock.withLock { messages.compactMap { if case .file(let e) = $0 { return e } else { return nil } } }
    }

    var notices: [String] {
        lock.withLock { messages.compactMap { if case .notice(let n) = $0 { return n } else { return nil } } }
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass.
    func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        try TestSupport.waitUntil(seconds, every: 50_000, condition)
    }

    /// The watcher's own word that it has looked and has nothing left waiting: its status file,
    /// written after each round, says it runs with an empty queue, later than its last log entry.
    /// What has not been taken by then will not be (an event to wait for, not a guessed pause).
    func waitUntilIdle(_ seconds: Double = 10) -> Bool {
        waitUntil(seconds) {
            guard let status = WatchStatus.read(repository: repository.root), status.state == .running, status.queueLength == 0 else { return false }
            return status.updatedAt >= (entries.last?.time ?? "")
        }
    }

    func count(_ sql: String) throws -> Int {
        try repository.catalogue.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    /// Writes a file (creating folders), as a person's copy would.
    func drop(_ relative: String, _ bytes: [UInt8]) throws {
        let path = inbox + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        precondition(fd >= 0, "cannot create \(path)")
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// Every regular file under a folder, byte-exact paths (FileManager would normalise names).
    func files(under folder: String) -> [String] {
        var found: [String] = []
        FileWalker(roots: [folder]).walk { if case .file(let path, _, _, _) = $0 { found.append(path) } }
        return found
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }
}
