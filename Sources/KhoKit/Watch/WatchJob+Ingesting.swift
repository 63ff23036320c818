import Foundation
import Glibc
import KhoCatalogue
import KhoStore

/// Files that are due, ingested as one batch: journalled before their originals are touched.
extension WatchJob {
    func ingestReady(_ ready: [(path: String, signature: Signature)], stop: StopSignal) throws {
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
        if !again.isEmpty { try finishOriginalsTakenBefore(again) }
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
        if summary.ocrQueued > 0 { ocrWaiting = true }
        if summary.added > 0 { previewsWaiting = true }
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
                reporter.emit(place: place, path: item.path, result: .gone, digest: nil, ms: ms,
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
                                            digest: item.digest, reason: Self.journalReason(item), after: settings.after,
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
                reporter.emit(place: place, path: record.path, result: WatchResult(record.result), digest: record.digest, ms: ms,
                     reason: record.reason, movedTo: handled ? record.destination : nil)
            }
        }
        try repository.catalogue.finishJournal(ids: finished, at: Timestamp.now())
    }
}
