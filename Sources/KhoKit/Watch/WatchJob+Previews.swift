import Foundation

/// Between files, the watcher makes the previews pictures lack, one per core at a time: it goes
/// through the library once from its start (pictures stored before previews existed, or while it
/// was stopped), then through what each batch adds.
extension WatchJob {
    /// Previews up to one picture per core; false when the walk has reached the newest picture.
    func makePreviews(stop: StopSignal) -> Bool {
        guard !stop.isRequested, !pending.values.contains(where: { $0.dueAt <= now() }) else { return true }
        var summary = PreviewJob.Summary()
        do {
            guard let next = try previewer.step(after: previewCursor, count: ProcessInfo.processInfo.activeProcessorCount,
                                                all: false, into: &summary) else { return false }
            previewCursor = next
        } catch {
            log(.notice("previews stopped: \(error); kho previews makes the missing ones"))
            return false
        }
        if summary.made > 0 || !summary.failed.isEmpty {
            log(.notice("previews: \(summary.made) made" + (summary.failed.isEmpty ? "" : ", \(summary.failed.count) failed (\(summary.failed[0].reason))")))
        }
        return true
    }
}
