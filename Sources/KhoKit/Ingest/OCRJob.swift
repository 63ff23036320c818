import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore

/// Reads what the OCR queue waits for: scans' pages and pictures of text, one single-threaded
/// Tesseract per core (OCR's own limit), each item's text stored with its new classification and
/// the item taken off the queue in one transaction. Killed half-way, the rest stays queued and
/// the next run (`kho ingest`, `kho ocr`, the watcher) finishes it.
public struct OCRJob: Sendable {
    public struct Progress: Sendable {
        public var itemsDone = 0, itemsTotal = 0, pagesDone = 0, pagesTotal = 0
    }

    public struct Summary: Sendable, Codable, Equatable {
        /// Items whose text was read and stored.
        public var read = 0
        /// Items where Tesseract found no text (a photo taken for a poster, a blank page).
        public var noText = 0
        /// Tries that failed and stay queued for another run.
        public var retry = 0
        /// Items that failed three times and left the queue (their extraction note says why).
        public var gaveUp = 0
        public var pages = 0
        public var seconds = 0.0
        public init() {}

        enum CodingKeys: String, CodingKey {
            case read, noText = "no_text", retry, gaveUp = "gave_up", pages, seconds
        }
    }

    let repository: Repository
    let classifier: ClassifyJob
    let limits: ExtractionLimits

    /// Throws when the repository's kho.toml cannot be used (its rules classify what OCR read).
    public init(repository: Repository, limits: ExtractionLimits = ExtractionLimits()) throws {
        self.repository = repository
        classifier = try ClassifyJob(repository: repository)
        self.limits = limits
    }

    /// What one item came to.
    fileprivate enum Outcome: Sendable {
        case stored(pages: Int, text: Bool)
        case failed(gaveUp: Bool)
        case skipped
        /// The catalogue could not be written: the run stops with this.
        case catalogueFailed(String)
    }

    /// Reads up to `limit` queued items (all when nil), oldest first. `shouldStop` is asked
    /// before each item; both it and `onProgress` are called one at a time (from the workers).
    public func run(limit: Int? = nil, shouldStop: () -> Bool = { false }, onProgress: (Progress) -> Void = { _ in }) throws -> Summary {
        let started = ContinuousClock.now
        let queue = try repository.catalogue.ocrQueue(limit: limit ?? Int.max)
        guard !queue.isEmpty else { return Summary() }
        // Items side by side, as many as there are cores (a scan's pages are read side by side
        // inside, under OCR's limit of one Tesseract per core).
        let workers = max(1, min(queue.count, ProcessInfo.processInfo.activeProcessorCount))
        var summary = try withoutActuallyEscaping(shouldStop) { shouldStop in
            try withoutActuallyEscaping(onProgress) { onProgress in
                let tally = Tally(shouldStop: shouldStop, onProgress: onProgress,
                                  progress: Progress(itemsTotal: queue.count, pagesTotal: queue.reduce(0) { $0 + $1.entry.pages }))
                IngestJob.parallelFor(queue.count, workers: workers) { i, _ in
                    guard !tally.stopRequested() else { return }
                    tally.record(read(queue[i].entry, queue[i].object, stopping: tally.stopRequested), pages: queue[i].entry.pages)
                }
                return try tally.result()
            }
        }
        summary.seconds = started.secondsSince
        return summary
    }

    /// Reads one item and stores what it says (on a worker thread).
    /// A stop (Ctrl-C reaches Tesseract too) is not the item's fault: what it cut short is left
    /// queued as it was, not stored and not counted as a failed try.
    private func read(_ entry: OCRQueueEntry, _ object: ObjectRecord, stopping: () -> Bool) -> Outcome {
        let catalogue = repository.catalogue
        do {
            guard let digest = Digest(hex: object.digest), repository.store.contains(digest) else {
                return .failed(gaveUp: try catalogue.ocrFailed(objectID: entry.objectId, reason: "the stored bytes are missing (see kho audit)"))
            }
            let path = repository.store.path(for: digest)
            switch entry.work {
            case .pages:
                let x = OCR.pdf(path: path, pages: entry.pages, limits: limits)
                if stopping() { return .skipped }
                let found = x.status != .failed && !(x.text ?? "").isEmpty
                let classification = found ? try classifier.classify(objectID: entry.objectId, text: (x.text!, .ocr)) : nil
                try catalogue.storeOCR(objectID: entry.objectId, text: x.text, truncated: x.truncated, pages: x.pages, status: x.status,
                                       note: x.notes.joined(separator: "; "), classification: classification)
                return .stored(pages: entry.pages, text: found)
            case .picture:
                let result = OCR.image(path: path, timeout: limits.toolTimeout * 2)
                if stopping() { return .skipped }
                switch result {
                case .failure(let failure):
                    return .failed(gaveUp: try catalogue.ocrFailed(objectID: entry.objectId, reason: failure.message))
                case .success(let raw):
                    let text = PictureOCR.usable(raw)
                    let classification = try text.map { try classifier.classify(objectID: entry.objectId, text: ($0, .ocr)) }
                    try catalogue.storeOCR(objectID: entry.objectId, text: text, truncated: false, pages: nil, status: nil,
                                           note: text == nil ? "OCR found no text in the picture" : PictureOCR.note,
                                           classification: classification)
                    return .stored(pages: 1, text: text != nil)
                }
            }
        } catch {
            return .catalogueFailed("\(error)")
        }
    }
}

public struct OCRFailure: Error, CustomStringConvertible {
    public let description: String
}

/// The run's totals and its caller's two callbacks, shared by the workers: one at a time.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private let shouldStop: () -> Bool
    private let onProgress: (OCRJob.Progress) -> Void
    private var progress: OCRJob.Progress
    private var summary = OCRJob.Summary()
    private var stopped = false
    private var failure: String?

    init(shouldStop: @escaping () -> Bool, onProgress: @escaping (OCRJob.Progress) -> Void, progress: OCRJob.Progress) {
        self.shouldStop = shouldStop
        self.onProgress = onProgress
        self.progress = progress
        onProgress(progress)
    }

    /// Whether to stop: asked, or the catalogue failed. Once true, true for good.
    func stopRequested() -> Bool {
        lock.withLock {
            if !stopped && shouldStop() { stopped = true }
            return stopped
        }
    }

    func record(_ outcome: OCRJob.Outcome, pages: Int) {
        lock.withLock {
            switch outcome {
            case .catalogueFailed(let reason):
                failure = failure ?? reason
                stopped = true
                return
            case .stored(let read, let text):
                if text { summary.read += 1 } else { summary.noText += 1 }
                summary.pages += read
            case .failed(let gaveUp):
                if gaveUp { summary.gaveUp += 1 } else { summary.retry += 1 }
            case .skipped: return
            }
            progress.itemsDone += 1
            progress.pagesDone += pages
            onProgress(progress)
        }
    }

    func result() throws -> OCRJob.Summary {
        try lock.withLock {
            if let failure { throw OCRFailure(description: "could not store what OCR read: \(failure)") }
            return summary
        }
    }
}

