import Foundation
import Glibc
import KhoCatalogue
import KhoStore

/// When a file is due: inotify or polling (network shares), full rescans, and the wait until a
/// file has stopped changing and no program holds it open.
extension WatchJob {
    func checkFolders() throws {
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

    func chooseMode() {
        inotify = nil
        networkName = FileSystemKind.networkName(of: layout.inbox)
        if let period = settings.poll {
            reporter.mode = "poll every \(Self.seconds(period))"
        } else if let networkName {
            reporter.mode = "poll every \(Self.seconds(WatchSettings.defaultNetworkPoll)) (\(networkName) share: inotify sees no changes made by other machines)"
        } else {
            do {
                let watcher = try Inotify()
                try watchTree(layout.inbox, with: watcher)
                inotify = watcher
                reporter.mode = "inotify"
            } catch {
                reporter.mode = "poll every \(Self.seconds(WatchSettings.defaultNetworkPoll)) (inotify unavailable: \(error))"
            }
        }
        log(.notice("watching \(layout.inbox) (\(reporter.mode)); a file is taken once unchanged for \(Self.seconds(settings.stable)), then \(afterPhrase)"))
    }

    var afterPhrase: String {
        switch settings.after {
        case .keep: return "left in place"
        case .move: return "moved to \(layout.done)"
        case .delete: return "deleted"
        }
    }

    var pollPeriod: Double? {
        settings.poll ?? (inotify == nil ? WatchSettings.defaultNetworkPoll : nil)
    }

    /// Adds an inotify watch to a folder and every folder under it (not following links, not
    /// entering ignored or excluded folders).
    func watchTree(_ root: String, with watcher: Inotify) throws {
        try watcher.watch(folder: root)
        guard let entries = DirectoryEntries.read(root) else { return }
        var children: [String] = []
        for entry in entries where entry.kind == .directory || entry.kind == nil {
            let name = RawPath.string(entry.name)
            if layout.isIgnored(name) { continue }
            let path = root + "/" + name
            guard FileInfo.of(path, followLinks: false)?.kind == .directory, !isExcluded(path) else { continue }
            children.append(path)
        }
        for child in children { try watchTree(child, with: watcher) }
    }

    func isExcluded(_ path: String) -> Bool {
        excluded.contains { path == $0 || path.utf8.starts(with: ($0 + "/").utf8) }
    }

    /// Walks the inbox (or one folder of it) and looks at every file; forgets pending files that
    /// are no longer there. An unreachable inbox changes nothing: absence is not inferred.
    func scanAll(under folder: String? = nil, movedIn: Bool = false) {
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
                reporter.problem(path: path, reason: reason)
            }
        }
        guard folder == nil else { return }
        for key in pending.keys where !seen.contains(key) { pending[key] = nil }
        for key in settled.keys where !seen.contains(key) { settled[key] = nil }
    }

    func handle(_ change: Inotify.Change) {
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
    func observe(_ path: String, movedIn: Bool) {
        guard layout.place(of: path) != nil, !isExcluded(path) else { return }
        let key = PathKey(path)
        guard let signature = Self.signature(path) else {
            pending[key] = nil
            return
        }
        if settled[key] == signature { return }
        let t = now()
        reporter.dirty = true
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

    func processDue(stop: StopSignal) throws {
        let t = now()
        var ready: [(path: String, signature: Signature)] = []
        for (key, p) in pending where p.dueAt <= t {
            let path = key.path
            guard let signature = Self.signature(path) else {
                pending[key] = nil
                if let place = layout.place(of: path) {
                    reporter.emit(place: place, path: path, result: .gone, digest: nil, ms: 0,
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
                if !p.waitingForWriter { reporter.dirty = true }
                pending[key]?.waitingForWriter = true
                continue
            }
            ready.append((path, signature))
        }
        guard !ready.isEmpty else { return }
        // Byte order, as kho ingest walks: stable and NFC/NFD-distinct.
        ready.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for r in ready { pending[PathKey(r.path)] = nil }
        try ingestReady(ready, stop: stop)
    }
}
