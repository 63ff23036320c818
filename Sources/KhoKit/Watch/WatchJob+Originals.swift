import Foundation
import KhoVocabulary
import Glibc
import KhoCatalogue
import KhoStore

/// The watcher's journalled hand-off of originals: where each goes (done/, failed/, nowhere), the
/// move or delete itself, the note left beside a refused file, and finishing what a stopped
/// watcher left half done.
extension WatchJob {
    /// Files found again with a journal row that says they were taken: finish their handling.
    func finishOriginalsTakenBefore(_ rows: [WatchJournalRecord]) throws {
        var reserved = Set<PathKey>()
        let date = InboxLayout.today()
        var records: [WatchJournalRecord] = []
        for row in rows {
            guard let place = layout.place(of: row.path) else { continue }
            var record = row
            record.id = nil
            record.state = .taken
            record.after = settings.after
            record.takenAt = Timestamp.now()
            record.finishedAt = nil
            record.destination = plannedDestination(place, succeeded: row.result.isTaken,
                                                    date: date, reserved: &reserved)
            records.append(record)
        }
        records = try repository.catalogue.insertJournal(records)
        var finished: [Int64] = []
        for record in records where handleOriginal(record) {
            finished.append(record.id!)
            if let place = layout.place(of: record.path) {
                reporter.emit(place: place, path: record.path, result: .alreadyTaken, digest: record.digest, ms: 0,
                     reason: "taken before (\(record.result)); its original is handled now", movedTo: record.destination)
            }
        }
        try repository.catalogue.finishJournal(ids: finished, at: Timestamp.now())
    }

    /// Where an original goes: done/UNIT/DATE/… after success (--after move), failed/UNIT/… after a
    /// failure (unless --after keep), nowhere otherwise. A free name, also among `reserved`.
    func plannedDestination(_ place: InboxLayout.Place, succeeded: Bool, date: String,
                                    reserved: inout Set<PathKey>) -> String? {
        let directory: String
        switch (settings.after, succeeded) {
        case (.keep, _), (.delete, true): return nil
        case (.move, true): directory = layout.doneDirectory(for: place, date: date)
        case (_, false): directory = layout.failedDirectory(for: place)
        }
        return FileMover.freePath(directory: directory, fileName: place.fileName, reserved: &reserved)
    }

    /// Keeps, moves or deletes one original as its journal row says. False when that failed
    /// (the row stays "taken" and the next rescan or start tries again).
    func handleOriginal(_ record: WatchJournalRecord) -> Bool {
        let ok = record.result.isTaken
        do {
            switch (record.after, ok) {
            case (.keep, _): return true
            case (.delete, true):
                guard unlink(RawPath.c(record.path)) == 0 || errno == ENOENT else {
                    throw FileMover.Failure(path: record.path, reason: "cannot delete it: " + String(cString: strerror(errno)))
                }
            case (.move, true):
                try FileMover.move(record.path, to: record.destination!)
            case (_, false):
                try FileMover.move(record.path, to: record.destination!)
                try FileMover.writeSidecar(sidecar(for: record), at: record.destination! + ".error.txt")
            }
            return true
        } catch {
            reporter.problem(path: record.path, reason: "taken, but the original could not be \(record.after == .delete ? "deleted" : "moved"): \(error); will try again")
            return false
        }
    }

    /// Finishes journal rows a stopped or crashed watcher left "taken".
    func finishUnfinished() throws {
        let rows = try repository.catalogue.unfinishedJournal(inbox: layout.inbox)
        guard !rows.isEmpty else { return }
        var finished: [Int64] = []
        var handledNow = 0
        for row in rows {
            if let destination = row.destination { FileMover.removePartial(of: destination) }
            guard let signature = Self.signature(row.path),
                  signature.size == row.size, signature.mtimeNs == row.mtimeNs, signature.inode == row.inode else {
                finished.append(row.id!)  // already moved (or removed by someone): nothing left to do
                continue
            }
            var row = row
            if let destination = row.destination, let there = Self.signature(destination) {
                if there.inode == signature.inode && there.device == signature.device {
                    // A crash between link and unlink: the move is done but for the unlink.
                    unlink(RawPath.c(row.path))
                    finished.append(row.id!)
                    handledNow += 1
                    continue
                }
                var reserved = Set<PathKey>()
                let directory = (destination as NSString).deletingLastPathComponent
                row.destination = FileMover.freePath(directory: directory, fileName: (destination as NSString).lastPathComponent,
                                                     reserved: &reserved)
            }
            if handleOriginal(row) {
                finished.append(row.id!)
                handledNow += 1
            }
        }
        try repository.catalogue.finishJournal(ids: finished, at: Timestamp.now())
        log(.notice("the previous run stopped before finishing \(rows.count) original(s): \(handledNow) handled now, "
                    + "\(finished.count - handledNow) already were"))
    }

    /// What the log and journal say beside the result: a warning, a near-duplicate.
    static func journalReason(_ item: IngestItem) -> String? {
        let parts = [item.reason, item.nearDuplicate?.description].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    func sidecar(for record: WatchJournalRecord) -> String {
        let name = (record.path as NSString).lastPathComponent
        let advice: String
        if record.result == .quarantined, let digest = record.digest {
            advice = "kho refused it because its content is not what its name says. If it is a genuine file, ask IT: "
                + "a copy is kept aside in the repository under quarantine/\(digest)."
        } else {
            advice = "Fix what is said above, then put the file back into your unit's inbox folder and delete this note."
        }
        return """
            kho could not take this file — kho không nhận được tệp này
            File:  \(name)
            Was:   \(record.path)
            When:  \(Timestamp.localClock(record.takenAt))
            Why:   \(record.reason ?? record.result.rawValue)

            \(advice)

            """
    }
}
