import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore

/// Makes the previews items lack (PreviewStore), on every core: a 256-px thumbnail and a 1,280-px
/// view — of a picture from one decode (PicturePreviews), of a video its typical frame, of a sound
/// its waveform, of a PDF its first page (MediaPreviews). Items kho will not decode — pictures
/// over the pixel limit or in a format whose decoder is not run on untrusted files (SVG …) —
/// and office documents and archives get none: a front end shows a placeholder.
public final class PreviewJob {
    public struct Failure: Sendable, Codable, Equatable {
        public var digest: String
        public var reason: String
    }

    public struct Summary: Sendable, Codable, Equatable {
        /// Items looked at; of them, previews made, already there, not made on purpose (refused, or
        /// a kind without previews), failed.
        public var examined = 0
        public var made = 0
        public var present = 0
        public var refused = 0
        public var failed: [Failure] = []
        public var missingObjects = 0
        public var seconds = 0.0
        enum CodingKeys: String, CodingKey {
            case examined, made, present, refused, failed, missingObjects = "missing_objects", seconds
        }
    }

    let repository: Repository
    /// Which object each worker is drawing (ReadingMarks): an object whose preview stopped kho —
    /// a decoder's own crash — is known at the next start and gets a placeholder ever after,
    /// instead of stopping the watcher at every start.
    private lazy var marks = ReadingMarks(repository: repository.root, workers: ProcessInfo.processInfo.activeProcessorCount, label: "previews")
    private var suspectsRecorded = false

    public init(repository: Repository) { self.repository = repository }

    /// Records what a kho that died was drawing (once per job; ingest does the same at its start).
    private func recordSuspects() throws {
        guard !suspectsRecorded else { return }
        suspectsRecorded = true
        try ReadingMarks.recordLeftovers(repository: repository.root, in: repository.catalogue)
    }

    /// `all`: make every preview again, not only the missing ones. `after`: only items catalogued
    /// after this id (what an upload just added). `shouldStop` is asked between batches.
    public func run(all: Bool = false, after first: Int64 = 0, shouldStop: () -> Bool = { false },
                    onProgress: (Summary) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        let started = DispatchTime.now()
        var after: Int64? = first
        while let cursor = after, !shouldStop() {
            after = try step(after: cursor, count: 64, all: all, into: &summary)
            summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
            onProgress(summary)
        }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return summary
    }

    /// Looks at up to `count` pictures after catalogue id `after`, on every core, adding to
    /// `summary`; returns the last id looked at, or nil when there were none left (the watcher
    /// goes through the library this way, a few pictures between files).
    func step(after: Int64, count: Int, all: Bool, into summary: inout Summary) throws -> Int64? {
        try recordSuspects()
        let batch = try repository.catalogue.liveObjects(kinds: [.image, .video, .audio, .document], afterID: after, limit: count)
        guard let last = batch.last?.id else { return nil }
        let store = repository.store, previews = repository.previews, marks = self.marks
        let paths = batch.map { Digest(hex: $0.digest).map(store.path(for:)) ?? "" }
        let suspects = try repository.catalogue.hasSuspects()
            ? Set(try repository.catalogue.suspects(paths: paths).filter(\.refused).map(\.path)) : []
        let sources: [Source?] = try batch.map { object in
            switch object.kind {
            case .image: return .picture
            case .video: return .media(.video(duration: try repository.catalogue.factValue(objectID: object.id!, key: "media.duration").flatMap(Double.init)))
            case .audio: return .media(.sound)
            case .document where object.mime == "application/pdf": return .media(.pdf)
            // An office file whose reading failed (a zip bomb, a damaged file) is not handed to LibreOffice.
            case .document where MediaPreviews.officeAvailable && object.extractStatus != .failed:
                return MediaPreviews.officeExtension(mime: object.mime).map { .media(.office(ext: $0)) }
            default: return nil
            }
        }
        let outcomes = ResultSlots<Outcome>(count: batch.count)
        IngestJob.parallelFor(batch.count, workers: max(1, min(batch.count, ProcessInfo.processInfo.activeProcessorCount))) { i, worker in
            guard let digest = Digest(hex: batch[i].digest) else { return }
            guard let source = sources[i], !suspects.contains(paths[i]) else { outcomes[i] = .refused; return }
            marks.begin(worker: worker, path: paths[i])
            outcomes[i] = Self.preview(digest, from: source, store: store, previews: previews, again: all)
            marks.end(worker: worker)
        }
        for i in batch.indices {
            summary.examined += 1
            switch outcomes[i] {
            case .made?: summary.made += 1
            case .present?: summary.present += 1
            case .refused?: summary.refused += 1
            case .missing?, nil: summary.missingObjects += 1
            case .failed(let reason)?: summary.failed.append(Failure(digest: batch[i].digest, reason: reason))
            }
        }
        return last
    }

    enum Outcome: Sendable { case made, present, refused, missing, failed(String) }
    enum Source: Sendable { case picture, media(MediaPreviews.Kind) }

    static func preview(_ digest: Digest, from source: Source, store: ObjectStore, previews: PreviewStore, again: Bool) -> Outcome {
        let wantsStrip: Double?
        if case .media(.video(let duration?)) = source, duration > 0 { wantsStrip = duration } else { wantsStrip = nil }
        if !again && PreviewSize.allCases.allSatisfy({ previews.has(digest, size: $0) }) && (wantsStrip == nil || previews.hasStrip(digest)) {
            return .present
        }
        let path = store.path(for: digest)
        guard FileManager.default.fileExists(atPath: path) else { return .missing }
        let made: PicturePreviews.Made
        switch source {
        case .picture:
            switch PicturePreviews.make(path: path) {
            case .success(let m): made = m
            case .failure(.tooLarge): return .refused
            case .failure(.unreadable(let message)) where message.hasSuffix("operation is blocked"): return .refused
            case .failure(let failure): return .failed(failure.description)
            }
        case .media(let kind):
            switch MediaPreviews.make(path: path, kind: kind) {
            case .success(let m): made = m
            case .failure(let failure): return .failed(failure.description)
            }
        }
        do {
            try previews.write(made.small, for: digest, size: .small)
            try previews.write(made.large, for: digest, size: .large)
            // A video's strip of frames, when it can be drawn (its poster frame is enough otherwise).
            if let duration = wantsStrip, case .success(let strip) = MediaPreviews.strip(path: path, duration: duration) {
                try previews.writeStrip(strip, for: digest)
            }
            return .made
        } catch {
            return .failed("\(error)")
        }
    }
}
