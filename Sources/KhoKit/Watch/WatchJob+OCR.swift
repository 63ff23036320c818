import Foundation

/// Between files, the watcher reads what waits for OCR — a few items at a time, so that a file
/// that becomes ready waits at most for the items in hand (seconds), never for the whole queue.
extension WatchJob {
    /// Reads up to one item per core; false when nothing was waiting.
    func readQueuedText(stop: StopSignal) -> Bool {
        guard let reader = ocrReader else { return false }
        let due = { self.pending.values.contains { $0.dueAt <= self.now() } }
        do {
            let summary = try reader.run(limit: ProcessInfo.processInfo.activeProcessorCount, shouldStop: { stop.isRequested || due() })
            let done = summary.read + summary.noText + summary.retry + summary.gaveUp
            if done > 0 {
                log(.notice("OCR: read \(summary.pages) page(s) of \(done) item(s) (\(summary.read) with text"
                            + (summary.retry + summary.gaveUp > 0 ? ", \(summary.retry + summary.gaveUp) failed" : "") + ")"))
            }
            return done > 0
        } catch {
            log(.notice("OCR stopped: \(error); the items stay queued and are tried again at the next start"))
            return false
        }
    }
}
