import CKhoSys
import Foundation
import KhoVocabulary
import Glibc
import KhoStore
import KhoCatalogue

/// The watch folder: takes what staff drop into an inbox, once each file is complete, into the
/// repository; then keeps, moves or deletes the original — never before its object and catalogue
/// rows are durable.
///
/// Events (inotify) and polls are hints; the truth is a fresh stat. A file is taken when its size,
/// mtime and ctime have not changed for `stable` seconds and no writer holds it open (when that
/// can be known); a file renamed into the inbox is complete and taken at once. Every file taken
/// gets a row in the catalogue's `watch_journal` after its ingest commits; the original is handled
/// after that, and the row completed after that. A restart finishes rows left half-way, and a file
/// whose path, size, mtime and inode match a row is never ingested twice.
public final class WatchJob {
    let repository: Repository
    let settings: WatchSettings
    let log: (WatchMessage) -> Void
    let job: IngestJob
    var layout: InboxLayout { settings.layout }

    struct Signature: Equatable {
        var size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: Int64, device: UInt64
        /// A symbolic link: never followed, sent to failed/ as one.
        var isLink = false
    }

    struct Pending {
        var signature: Signature
        var quietSince: Double
        var dueAt: Double
        var waitingForWriter = false
    }

    var pending: [PathKey: Pending] = [:]
    /// Files already handled and left in place (--after keep, or failed under keep): not looked
    /// at again while unchanged.
    var settled: [PathKey: Signature] = [:]
    /// Paths whose problem was already reported (a rescan must not repeat it every 5 minutes).
    var reported: Set<PathKey> = []
    var inotify: Inotify?
    var networkName: String?
    var inboxReachable = true
    var excluded: [String] = []

    var run: IngestRunRecord?
    var totals: IngestSummary?
    var startedWall = 0.0
    var addedSinceOptimize = 0
    let reporter: WatchReporter
    /// Reads the OCR queue between files (nil when kho.toml cannot be used: ingest says why).
    let ocrReader: OCRJob?
    /// Something may wait for OCR: true at start and after a batch queued some.
    var ocrWaiting = true
    /// Pictures may lack previews: true at start and after a batch added something; the walk's
    /// place in the catalogue (WatchJob+Previews).
    var previewsWaiting = true
    var previewCursor: Int64 = 0
    let previewer: PreviewJob

    public init(repository: Repository, settings: WatchSettings, log: @escaping (WatchMessage) -> Void) {
        self.repository = repository
        self.settings = settings
        self.log = log
        reporter = WatchReporter(layout: settings.layout, repository: repository.root, log: log)
        var options = IngestJob.Options()
        options.command = "watch"
        if let workers = settings.workers { options.workers = workers }
        job = IngestJob(repository: repository, options: options)
        ocrReader = try? OCRJob(repository: repository)
        previewer = PreviewJob(repository: repository)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Watches until `stop` is requested; returns after finishing the batch in hand.
    public func run(stop: StopSignal) throws {
        let lock = try WatchLock(repository: repository.root)
        defer { withExtendedLifetime(lock) {} }
        try checkFolders()
        excluded = layout.excludedFolders(repository: repository.root)

        var run = try job.beginRun(roots: [layout.inbox])
        self.run = run
        totals = IngestSummary(runID: run.id!)
        reporter.startedAt = run.startedAt
        startedWall = now()
        try finishUnfinished()
        chooseMode()
        scanAll()

        var nextRescan = now() + settings.rescan
        var nextPoll = pollPeriod.map { now() + $0 }
        while !stop.isRequested {
            try processDue(stop: stop)
            if stop.isRequested { break }
            if ocrWaiting { ocrWaiting = readQueuedText(stop: stop) }
            if !ocrWaiting && previewsWaiting { previewsWaiting = makePreviews(stop: stop) }
            if stop.isRequested { break }
            writeStatus(state: .running)

            let t = now()
            var wake = nextRescan
            if let nextPoll { wake = min(wake, nextPoll) }
            if let due = pending.values.map(\.dueAt).min() { wake = min(wake, due) }
            if reporter.dirty { wake = min(wake, reporter.writtenAt + 1) }
            if ocrWaiting || previewsWaiting { wake = t }
            let timeout = Int32(max(0, min(60_000, (wake - t) * 1000)).rounded(.up))
            wait(stop: stop, milliseconds: timeout)
            if stop.isRequested { break }

            if let inotify {
                for change in inotify.read() { handle(change) }
            }
            if let period = pollPeriod, let p = nextPoll, now() >= p {
                scanAll()
                nextPoll = now() + period
            }
            if now() >= nextRescan {
                if inotify != nil && inotify!.watchCount == 0 {
                    chooseMode()
                    nextPoll = pollPeriod.map { now() + $0 }
                }
                try finishUnfinished()
                scanAll()
                nextRescan = now() + settings.rescan
            }
        }
        log(.notice("stopping: \(pending.count) file(s) still waiting will be taken at the next start"))
        if var totals {
            totals.seconds = now() - startedWall
            try job.finishRun(&run, summary: totals, finished: true)
        }
        reporter.dirty = true
        writeStatus(state: .stopped, force: true)
    }

    /// The status file `kho status` reads: written at most once a second, or now when `force`.
    func writeStatus(state: WatchStatus.State, force: Bool = false) {
        let waiting = pending.sorted { $0.value.dueAt < $1.value.dueAt }.prefix(50).map { key, p in
            WatchStatus.Waiting(path: key.path, unit: layout.place(of: key.path).flatMap(layout.unit(of:)), size: p.signature.size,
                                reason: p.waitingForWriter ? .open : .changing)
        }
        reporter.writeStatus(state: state, queueLength: pending.count, waiting: Array(waiting), now: now(), force: force)
    }

    // MARK: - Time

    func wait(stop: StopSignal, milliseconds: Int32) {
        _ = kho_wait_readable(stop.fd, inotify?.fd ?? -1, milliseconds)
    }

    func now() -> Double {
        kho_wall_seconds()
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
