import Dispatch
import Foundation
import KhoCatalogue
import KhoMedia
import KhoStore
import Synchronization

/// Takes files into a repository: sniff → hash into the store → extract facts → catalogue.
///
/// Files go in batches. Within a batch, `workers` threads read, hash and sniff files in parallel
/// (each read once, straight into the store's temporary area); then the batch is made durable with
/// one sync, published into `objects/`, synced again, and catalogued in one transaction. So a
/// catalogue row never points at bytes that a crash could lose, and a crash loses at most the
/// batch in flight — which the next run takes again.
public final class IngestJob {
    public struct Options: Sendable {
        public var unit: String?
        public var command = "ingest"
        public var workers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
        public var batchFiles = 512
        public var batchBytes: Int64 = 512 << 20
        public init(unit: String? = nil) { self.unit = unit }
    }

    let repository: Repository
    let options: Options

    public init(repository: Repository, options: Options) {
        self.repository = repository
        self.options = options
    }

    private struct Candidate { let path: String; let fileName: String; let size: Int64 }

    private enum StageResult {
        case accepted(StagedObject, mime: String, kind: MediaKind, claimed: ClaimedType?, mismatch: Bool, facts: [FactPair])
        case refused(StagedObject, mime: String, claimed: ClaimedType?, reason: String)
        case failed(String)
    }

    /// Ingests everything under `roots`. `onItem` hears about every file, in order, once its fate is
    /// durable; `onProgress` is called after each batch.
    public func run(roots: [String], onItem: (IngestItem) -> Void = { _ in },
                    onProgress: (IngestProgress) -> Void = { _ in }) throws -> IngestSummary {
        let started = ContinuousClock.now
        let catalogue = repository.catalogue
        var run = IngestRunRecord(command: options.command, user: Identity.userName, host: Identity.hostName,
                                  roots: Identity.jsonArray(roots.map(FileWalker.absolute)), unit: options.unit,
                                  startedAt: Timestamp.now())
        run.id = try catalogue.beginRun(run)
        var summary = IngestSummary(runID: run.id!)

        var candidates: [Candidate] = []
        var walkProblems: [IngestItem] = []
        FileWalker(roots: roots, excluding: [repository.root]).walk { event in
            switch event {
            case .file(let path, let name, let size): candidates.append(Candidate(path: path, fileName: name, size: size))
            case .problem(let path, let reason): walkProblems.append(IngestItem(path: path, status: .failed, reason: reason))
            }
        }
        let bytesTotal = candidates.reduce(Int64(0)) { $0 + $1.size }
        var progress = IngestProgress(filesDone: 0, filesTotal: candidates.count + walkProblems.count,
                                      bytesDone: 0, bytesTotal: bytesTotal)

        let sniffers = try (0..<options.workers).map { _ in SnifferBox(try Sniffer()) }
        var pendingProblems = walkProblems
        var start = 0
        while start < candidates.count || !pendingProblems.isEmpty {
            var end = start
            var bytes: Int64 = 0
            while end < candidates.count && end - start < options.batchFiles && (end == start || bytes + candidates[end].size <= options.batchBytes) {
                bytes += candidates[end].size
                end += 1
            }
            let batch = Array(candidates[start..<end])
            let items = try ingestBatch(batch, extra: pendingProblems, runID: run.id!, sniffers: sniffers)
            pendingProblems = []
            for item in items {
                tally(item, into: &summary)
                onItem(item)
            }
            progress.filesDone += items.count
            progress.bytesDone += bytes
            onProgress(progress)
            start = end
        }

        let elapsed = (ContinuousClock.now - started).components
        summary.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        run.finishedAt = Timestamp.now()
        run.filesSeen = summary.filesSeen
        run.objectsAdded = summary.added
        run.duplicates = summary.duplicates
        run.quarantined = summary.quarantined
        run.failed = summary.failed
        run.bytesRead = summary.bytesRead
        summary.bytesStored = bytesStored
        run.bytesStored = summary.bytesStored
        run.sourcesAdded = sourcesAdded
        try catalogue.finishRun(run)
        return summary
    }

    private var sourcesAdded = 0
    private var bytesStored: Int64 = 0

    private func tally(_ item: IngestItem, into summary: inout IngestSummary) {
        summary.filesSeen += 1
        switch item.status {
        case .added: summary.added += 1
        case .duplicate: summary.duplicates += 1
        case .quarantined: summary.quarantined += 1
        case .failed: summary.failed += 1
        }
        if item.status != .failed { summary.bytesRead += item.size ?? 0 }
    }

    /// Stages a batch in parallel, makes it durable, publishes it, catalogues it.
    private func ingestBatch(_ batch: [Candidate], extra: [IngestItem], runID: Int64, sniffers: [SnifferBox]) throws -> [IngestItem] {
        let store = repository.store
        let results = ResultSlots<StageResult>(count: batch.count)
        let next = Atomic<Int>(0)
        let workers = min(sniffers.count, max(1, batch.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let sniffer = sniffers[w].sniffer
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= batch.count { break }
                results[i] = Self.stage(batch[i], store: store, sniffer: sniffer)
            }
        }

        let time = Timestamp.now()
        var items: [IngestItem] = []
        var files: [CataloguedFile] = []
        var fileItemIndex: [Int] = []
        var quarantined: [QuarantineRecord] = []

        // 1. Bytes durable before any name points at them.
        var syncFailure: String?
        do { try store.syncToDisk() } catch { syncFailure = "could not make the copy durable: \(error)" }

        for (i, candidate) in batch.enumerated() {
            switch results[i]! {
            case .failed(let reason):
                items.append(IngestItem(path: candidate.path, status: .failed, reason: reason))
            case .accepted(let staged, let mime, let kind, let claimed, let mismatch, let facts):
                if let syncFailure {
                    store.discard(staged)
                    items.append(IngestItem(path: candidate.path, status: .failed, reason: syncFailure))
                    continue
                }
                do {
                    if try store.publish(staged) { bytesStored += staged.size }
                } catch {
                    store.discard(staged)
                    items.append(IngestItem(path: candidate.path, status: .failed, reason: "\(error)"))
                    continue
                }
                fileItemIndex.append(items.count)
                let note = mismatch ? "named .\(claimed!.ext) but the content is \(mime)" : nil
                items.append(IngestItem(path: candidate.path, status: .added, digest: staged.digest.hex, size: staged.size,
                                        mime: mime, kind: kind.rawValue, reason: note))
                files.append(CataloguedFile(digest: staged.digest.hex, size: staged.size, mime: mime, kind: kind.rawValue,
                                            path: candidate.path, fileName: candidate.fileName,
                                            mtime: Timestamp.string(secondsSince1970: staged.sourceModified),
                                            unit: options.unit, claimedMime: claimed?.mime, extMismatch: mismatch, facts: facts))
            case .refused(let staged, let mime, let claimed, let reason):
                do {
                    try store.quarantine(staged)
                } catch {
                    store.discard(staged)
                    items.append(IngestItem(path: candidate.path, status: .failed, reason: "refused (\(reason)) and could not be kept aside: \(error)"))
                    continue
                }
                items.append(IngestItem(path: candidate.path, status: .quarantined, digest: staged.digest.hex,
                                        size: staged.size, mime: mime, kind: nil, reason: reason))
                quarantined.append(QuarantineRecord(digest: staged.digest.hex, size: staged.size, path: candidate.path,
                                                    fileName: candidate.fileName, detectedMime: mime, claimedMime: claimed?.mime,
                                                    reason: reason, runId: runID, at: time))
            }
        }
        items.append(contentsOf: extra)

        // 2. The new names durable before the catalogue mentions them.
        do {
            try store.syncToDisk()
        } catch {
            return items.map { item in
                var item = item
                if item.status != .failed { item.status = .failed; item.reason = "could not make the copy durable: \(error)" }
                return item
            }
        }

        // 3. One transaction for the whole batch.
        let problems = items.filter { $0.status == .failed }.map {
            ProblemRecord(runId: runID, path: $0.path, reason: $0.reason ?? "", at: time)
        }
        let outcomes: [CatalogueOutcome]
        do {
            outcomes = try repository.catalogue.record(runID: runID, files: files, quarantined: quarantined, problems: problems, at: time)
        } catch {
            return items.map { item in
                var item = item
                if item.status != .failed { item.status = .failed; item.reason = "could not write the catalogue: \(error)" }
                return item
            }
        }
        for (n, outcome) in outcomes.enumerated() {
            let i = fileItemIndex[n]
            if !outcome.objectAdded { items[i].status = .duplicate }
            if outcome.sourceAdded { sourcesAdded += 1 }
        }
        return items
    }

    /// Reads, hashes and sniffs one file. Runs on a worker thread; touches no shared state.
    private static func stage(_ candidate: Candidate, store: ObjectStore, sniffer: Sniffer) -> StageResult {
        var staged: StagedObject
        do {
            staged = try store.stage(fileAt: candidate.path, headCount: Self.exifHeadBytes)
        } catch {
            return .failed(Self.plain(error, path: candidate.path))
        }
        if staged.size == 0 {
            store.discard(staged)
            return .failed("empty file (0 bytes): nothing to keep — check that it was copied completely")
        }
        let mime = sniffer.mimeType(ofFileAt: store.contentPath(of: staged))
        var facts: [FactPair] = []
        if mime == "image/jpeg" {
            facts = ExifReader.read(staged.head).pairs.map { FactPair($0.0, $0.1) }
        }
        staged.head = []
        switch ContentPolicy.evaluate(detectedMIME: mime, fileName: candidate.fileName) {
        case .accept(let kind, let claimed, let mismatch):
            return .accepted(staged, mime: mime, kind: kind, claimed: claimed, mismatch: mismatch, facts: facts)
        case .quarantine(let reason, let claimed):
            return .refused(staged, mime: mime, claimed: claimed, reason: reason)
        }
    }

    /// JPEG keeps EXIF in its APP1 segment, at most 64 KiB, near the start of the file.
    static let exifHeadBytes = 128 << 10

    /// The error without the path (the item already names the file).
    static func plain(_ error: Error, path: String) -> String {
        let text = "\(error)"
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}

/// A Sniffer handed to exactly one worker thread at a time.
final class SnifferBox: @unchecked Sendable {
    let sniffer: Sniffer
    init(_ sniffer: Sniffer) { self.sniffer = sniffer }
}

/// Fixed slots that parallel workers fill, each slot by exactly one worker.
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    subscript(i: Int) -> T? {
        get { slots.withUnsafeBufferPointer { $0[i] } }
        set { slots.withUnsafeMutableBufferPointer { $0[i] = newValue } }
    }
}
