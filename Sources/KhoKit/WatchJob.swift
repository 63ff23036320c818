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
    private let job: IngestJob
    var layout: InboxLayout { settings.layout }

    struct Signature: Equatable {
        var size: Int64, mtimeNs: Int64, ctimeNs: Int64, inode: Int64, device: UInt64
        /// A symbolic link: never followed, sent to failed/ as one.
        var isLink = false
    }

    private struct Pending {
        var signature: Signature
        var quietSince: Double
        var dueAt: Double
        var waitingForWriter = false
    }

    private var pending: [PathKey: Pending] = [:]
    /// Files already handled and left in place (--after keep, or failed under keep): not looked
    /// at again while unchanged.
    private var settled: [PathKey: Signature] = [:]
    /// Paths whose problem was already reported (a rescan must not repeat it every 5 minutes).
    private var reported: Set<PathKey> = []
    private var inotify: Inotify?
    private var networkName: String?
    private var mode = ""
    private var inboxReachable = true
    private var excluded: [String] = []

    private var run: IngestRunRecord?
    private var totals: IngestSummary?
    private var counts: [String: Int] = [:]
    private var lastProblems: [WatchStatus.Problem] = []
    private var startedAt = Timestamp.now()
    private var startedWall = 0.0
    private var statusWrittenAt = 0.0
    private var statusDirty = true
    private var addedSinceOptimize = 0

    public init(repository: Repository, settings: WatchSettings, log: @escaping (WatchMessage) -> Void) {
        self.repository = repository
        self.settings = settings
        self.log = log
        var options = IngestJob.Options()
        options.command = "watch"
        if let workers = settings.workers { options.workers = workers }
        job = IngestJob(repository: repository, options: options)
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
        startedAt = run.startedAt
        startedWall = now()
        try finishUnfinished()
        chooseMode()
        scanAll()

        var nextRescan = now() + settings.rescan
        var nextPoll = pollPeriod.map { now() + $0 }
        while !stop.isRequested {
            try processDue(stop: stop)
            if stop.isRequested { break }
            writeStatus(state: "running")

            let t = now()
            var wake = nextRescan
            if let nextPoll { wake = min(wake, nextPoll) }
            if let due = pending.values.map(\.dueAt).min() { wake = min(wake, due) }
            if statusDirty { wake = min(wake, statusWrittenAt + 1) }
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
        statusDirty = true
        writeStatus(state: "stopped", force: true)
    }

    // MARK: - Modes and scans

    private func checkFolders() throws {
        guard FileInfo.of(layout.inbox)?.kind == .directory else {
            throw Failure(description: "the inbox \(layout.inbox) is not a folder that can be read — create it (one sub-folder per unit) or check the path")
        }
        guard settings.after != .keep else { return }
        for folder in [layout.done, layout.failed] {
            do { try FileMover.makeDirectory(folder) } catch {
                throw Failure(description: "\(error) — kho watch moves handled files there; create it with write access for kho, or set [watch] done/failed in kho.toml")
            }
        }
    }

    private func chooseMode() {
        inotify = nil
        networkName = FileSystemKind.networkName(of: layout.inbox)
        if let period = settings.poll {
            mode = "poll every \(Self.seconds(period))"
        } else if let networkName {
            mode = "poll every \(Self.seconds(WatchSettings.defaultNetworkPoll)) (\(networkName) share: inotify sees no changes made by other machines)"
        } else {
            do {
                let watcher = try Inotify()
                try watchTree(layout.inbox, with: watcher)
                inotify = watcher
                mode = "inotify"
            } catch {
                mode = "poll every \(Self.seconds(WatchSettings.defaultNetworkPoll)) (inotify unavailable: \(error))"
            }
        }
        log(.notice("watching \(layout.inbox) (\(mode)); a file is taken once unchanged for \(Self.seconds(settings.stable)), then \(afterPhrase)"))
    }

    private var afterPhrase: String {
        switch settings.after {
        case .keep: return "left in place"
        case .move: return "moved to \(layout.done)"
        case .delete: return "deleted"
        }
    }

    private var pollPeriod: Double? {
        settings.poll ?? (inotify == nil ? WatchSettings.defaultNetworkPoll : nil)
    }

    /// Adds an inotify watch to a folder and every folder under it (not following links, not
    /// entering ignored or excluded folders).
    private func watchTree(_ root: String, with watcher: Inotify) throws {
        try watcher.watch(folder: root)
        guard let dir = opendir(RawPath.c(root)) else { return }
        var children: [String] = []
        while let entry = readdir(dir) {
            guard entry.pointee.d_type == DT_DIR || entry.pointee.d_type == DT_UNKNOWN else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { RawPath.string($0.prefix { $0 != 0 }) }
            if name == "." || name == ".." || layout.isIgnored(name) { continue }
            let path = root + "/" + name
            guard FileInfo.of(path, followLinks: false)?.kind == .directory, !isExcluded(path) else { continue }
            children.append(path)
        }
        closedir(dir)
        for child in children { try watchTree(child, with: watcher) }
    }

    private func isExcluded(_ path: String) -> Bool {
        excluded.contains { path == $0 || path.utf8.starts(with: ($0 + "/").utf8) }
    }

    /// Walks the inbox (or one folder of it) and looks at every file; forgets pending files that
    /// are no longer there. An unreachable inbox changes nothing: absence is not inferred.
    private func scanAll(under folder: String? = nil, movedIn: Bool = false) {
        guard FileInfo.of(layout.inbox) != nil else {
            if inboxReachable {
                log(.notice("the inbox \(layout.inbox) cannot be reached (\(FileWalker.reason(errno: errno))); waiting for it to come back"))
            }
            inboxReachable = false
            return
        }
        if !inboxReachable { log(.notice("the inbox \(layout.inbox) is reachable again")) }
        inboxReachable = true
        var seen = Set<PathKey>()
        FileWalker(roots: [folder ?? layout.inbox], excluding: excluded + [repository.root], followLinks: false).walk { event in
            switch event {
            case .file(let path, _, _, _), .link(let path, _):
                seen.insert(PathKey(path))
                observe(path, movedIn: movedIn)
            case .problem(let path, let reason):
                guard layout.place(of: path) != nil, reported.insert(PathKey(path)).inserted else { return }
                problem(path: path, reason: reason)
            }
        }
        guard folder == nil else { return }
        for key in pending.keys where !seen.contains(key) { pending[key] = nil }
        for key in settled.keys where !seen.contains(key) { settled[key] = nil }
    }

    private func handle(_ change: Inotify.Change) {
        switch change {
        case .touched(let path): observe(path, movedIn: false)
        case .movedIn(let path): observe(path, movedIn: true)
        case .gone(let path):
            pending[PathKey(path)] = nil
            settled[PathKey(path)] = nil
        case .folder(let path, let movedIn):
            guard layout.place(of: path + "/x") != nil, !isExcluded(path), let inotify else { return }
            do { try watchTree(path, with: inotify) } catch { log(.notice("\(error); that folder is polled by the rescan only")) }
            scanAll(under: path, movedIn: movedIn)
        case .overflow:
            log(.notice("too many changes at once for inotify; rescanning the inbox"))
            scanAll()
        }
    }

    /// Looks at one path: schedules it when it is a file to take.
    private func observe(_ path: String, movedIn: Bool) {
        guard layout.place(of: path) != nil, !isExcluded(path) else { return }
        let key = PathKey(path)
        guard let signature = Self.signature(path) else {
            pending[key] = nil
            return
        }
        if settled[key] == signature { return }
        let t = now()
        statusDirty = true
        if var p = pending[key], p.signature == signature {
            if movedIn { p.dueAt = t }
            pending[key] = p
            return
        }
        // On a local disk the kernel stamps mtime/ctime with this machine's clock: a file quiet
        // since long before is complete now. A share's server clock may differ: count from now.
        let stamped = Double(max(signature.mtimeNs, signature.ctimeNs)) / 1e9
        let quietSince = networkName == nil ? min(t, stamped) : t
        pending[key] = Pending(signature: signature, quietSince: quietSince, dueAt: movedIn ? t : quietSince + settings.stable)
    }

    /// The file's own state (lstat: a link is described, never followed).
    static func signature(_ path: String) -> Signature? {
        guard let st = FileInfo.of(path, followLinks: false), st.kind == .file || st.kind == .link else { return nil }
        return Signature(size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs,
                         inode: Int64(bitPattern: st.inode), device: st.device, isLink: st.kind == .link)
    }

    // MARK: - Taking files

    private func processDue(stop: StopSignal) throws {
        let t = now()
        var ready: [(path: String, signature: Signature)] = []
        for (key, p) in pending where p.dueAt <= t {
            let path = key.path
            guard let signature = Self.signature(path) else {
                pending[key] = nil
                if let place = layout.place(of: path) {
                    emit(place: place, path: path, result: .gone, digest: nil, ms: 0,
                         reason: "deleted or moved away before it was taken", movedTo: nil)
                }
                continue
            }
            if signature != p.signature {
                pending[key] = nil
                observe(path, movedIn: false)
                continue
            }
            if !signature.isLink && WriterCheck.check(path) == .writerOpen {
                pending[key]?.dueAt = t + 1
                if !p.waitingForWriter { statusDirty = true }
                pending[key]?.waitingForWriter = true
                continue
            }
            ready.append((path, signature))
        }
        guard !ready.isEmpty else { return }
        // Byte order, as kho ingest walks: stable and NFC/NFD-distinct.
        ready.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for r in ready { pending[PathKey(r.path)] = nil }
        try take(ready, stop: stop)
    }

    private func take(_ ready: [(path: String, signature: Signature)], stop: StopSignal) throws {
        let journal = try repository.catalogue.latestJournal(paths: ready.map(\.path))
        var files: [IngestFile] = []
        var signatures: [PathKey: Signature] = [:]
        var again: [WatchJournalRecord] = []
        var refused: [IngestItem] = []  // refused before reading: symbolic links, folders that are no unit
        for ((path, signature), row) in zip(ready, journal) {
            guard let place = layout.place(of: path) else { continue }
            if signature.isLink {
                // Anyone who can write to a shared inbox could otherwise make kho read and publish
                // any file the service can read.
                signatures[PathKey(path)] = signature
                refused.append(IngestItem(path: path, status: .failed, reason: "a symbolic link (to \(FileWalker.linkTarget(path))): "
                                        + "kho does not follow links in the inbox — put the file itself there"))
                continue
            }
            if let reason = layout.unknownUnit(of: place) {
                // A mistyped folder must not found a new unit.
                signatures[PathKey(path)] = signature
                refused.append(IngestItem(path: path, status: .failed, reason: reason))
                continue
            }
            if let row, row.size == signature.size, row.mtimeNs == signature.mtimeNs, row.inode == signature.inode {
                // Taken before (a lost move, a restart, --after keep): never ingested twice.
                if settings.after == .keep || row.state == .taken {
                    settled[PathKey(path)] = signature
                } else {
                    again.append(row)
                }
                continue
            }
            signatures[PathKey(path)] = signature
            files.append(IngestFile(path: path, fileName: place.fileName, size: signature.size,
                                    unit: layout.unit(of: place), tags: layout.tags(of: place)))
        }
        if !again.isEmpty { try handleAgain(again) }
        guard !files.isEmpty || !refused.isEmpty, var totals, var run else { return }

        let started = now()
        var taken: [(item: IngestItem, ms: Int)] = refused.map { ($0, 0) }
        totals.failed += refused.count
        totals.filesSeen += refused.count
        let summary = files.isEmpty ? IngestSummary(runID: run.id!)
            : try job.ingest(files, runID: run.id!, shouldStop: { stop.isRequested }, onItem: { item in
                taken.append((item, Int(((self.now() - started) * 1000).rounded())))
            })
        CrashPoint.reached(.catalogued)
        totals.add(summary)
        self.totals = totals
        try job.finishRun(&run, summary: totals, finished: false)
        self.run = run
        addedSinceOptimize += summary.added
        if addedSinceOptimize >= 1000 && pending.isEmpty {
            try? repository.catalogue.optimizeSearchIndex()
            addedSinceOptimize = 0
        }

        let time = Timestamp.now()
        let date = InboxLayout.today()
        var reserved = Set<PathKey>()
        var records: [WatchJournalRecord] = []
        var timing: [Int] = []
        for (item, ms) in taken {
            guard let place = layout.place(of: item.path), let signature = signatures[PathKey(item.path)] else { continue }
            let current = Self.signature(item.path)
            if item.status == .failed && current == nil {
                emit(place: place, path: item.path, result: .gone, digest: nil, ms: ms,
                     reason: "deleted or moved away before it was taken", movedTo: nil)
                continue
            }
            if let current, current != signature {
                // Written to again while it was read: what was stored may be an older state. Leave it
                // in the inbox; its settled state is taken as a new version.
                log(.notice("\(item.path): changed while it was being taken; it will be taken again once it stops changing"))
                observe(item.path, movedIn: false)
                continue
            }
            let destination = plannedDestination(place, succeeded: item.status.isTaken,
                                                 date: date, reserved: &reserved)
            var record = WatchJournalRecord(inbox: layout.inbox, path: item.path, size: signature.size, mtimeNs: signature.mtimeNs,
                                            inode: signature.inode, unit: layout.unit(of: place), result: item.status,
                                            digest: item.digest, reason: Self.note(item), after: settings.after,
                                            destination: destination, runId: run.id, takenAt: time)
            if settings.after == .keep {
                record.state = .done
                record.finishedAt = time
                settled[PathKey(item.path)] = signature
            }
            records.append(record)
            timing.append(ms)
        }
        // The journal says "taken" before the original is touched: a crash from here on is
        // finished by the next start, never ingested again.
        records = try repository.catalogue.insertJournal(records)
        CrashPoint.reached(.journaled)
        var finished: [Int64] = []
        for (n, (record, ms)) in zip(records, timing).enumerated() {
            if n == records.count / 2 { CrashPoint.reached(.moving) }
            let handled = settings.after == .keep ? true : handleOriginal(record)
            if handled && record.state == .taken { finished.append(record.id!) }
            if let place = layout.place(of: record.path) {
                emit(place: place, path: record.path, result: WatchResult(record.result), digest: record.digest, ms: ms,
                     reason: record.reason, movedTo: handled ? record.destination : nil)
            }
        }
        try repository.catalogue.finishJournal(ids: finished, at: Timestamp.now())
    }

    // MARK: - Reporting

    func emit(place: InboxLayout.Place, path: String, result: WatchResult, digest: String?, ms: Int, reason: String?, movedTo: String?) {
        counts[result.rawValue, default: 0] += 1
        statusDirty = true
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
        statusDirty = true
        lastProblems.append(WatchStatus.Problem(time: Timestamp.now(), path: path, reason: reason))
        if lastProblems.count > 20 { lastProblems.removeFirst(lastProblems.count - 20) }
    }

    private func writeStatus(state: String, force: Bool = false) {
        let t = now()
        guard statusDirty, force || t - statusWrittenAt >= 1 else { return }
        let waiting = pending.sorted { $0.value.dueAt < $1.value.dueAt }.prefix(50).map { key, p in
            WatchStatus.Waiting(path: key.path, unit: layout.place(of: key.path).flatMap(layout.unit(of:)), size: p.signature.size,
                                reason: p.waitingForWriter ? "open" : "changing")
        }
        let status = WatchStatus(pid: getpid(), inbox: layout.inbox, mode: mode, state: state, startedAt: startedAt,
                                 updatedAt: Timestamp.now(), queueLength: pending.count, queue: Array(waiting),
                                 counts: counts, lastProblems: lastProblems)
        status.write(repository: repository.root)
        statusWrittenAt = t
        statusDirty = false
    }

    // MARK: - Time

    private func wait(stop: StopSignal, milliseconds: Int32) {
        var fds = [pollfd(fd: stop.fd, events: Int16(POLLIN), revents: 0)]
        if let inotify { fds.append(pollfd(fd: inotify.fd, events: Int16(POLLIN), revents: 0)) }
        _ = poll(&fds, nfds_t(fds.count), milliseconds)
    }

    private func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
