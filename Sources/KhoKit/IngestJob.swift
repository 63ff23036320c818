import Dispatch
import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore
import Synchronization

/// Takes files into a repository: sniff → hash into the store → extract facts → catalogue.
///
/// Files go in batches. Within a batch, `workers` threads read, hash, sniff and extract files in
/// parallel (each read once, straight into the store's temporary area); then, on the catalogue
/// queue and while the workers already read the next batch, the batch is made durable with one
/// sync, published into `objects/`, synced again, and catalogued in one transaction. So a
/// catalogue row never points at bytes that a crash could lose, and a crash loses at most the
/// batches in flight — which the next run takes again.
public final class IngestJob {
    public struct Options: Sendable {
        public var unit: String?
        public var command = "ingest"
        /// Parallel readers: one per core by default; KHO_WORKERS overrides (1–32).
        public var workers = Int(ProcessInfo.processInfo.environment["KHO_WORKERS"] ?? "").flatMap { (1...32).contains($0) ? $0 : nil }
            ?? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        public var batchFiles = 512
        public var batchBytes: Int64 = 512 << 20
        public var limits = ExtractionLimits()
        /// Name each file's unit after its first folder under the path given (inbox/VanPhong/x.jpg →
        /// VanPhong), as the watch folder does; files directly in the given folder keep `unit`.
        public var unitFromFolder = false
        /// Compute perceptual fingerprints of new content and report near-duplicates.
        public var fingerprints = true
        /// Extract, fingerprint and classify bytes the store already holds, as if new (recovering
        /// a lost catalogue from the store's own objects).
        public var extractStored = false
        public init(unit: String? = nil) { self.unit = unit }
    }

    let repository: Repository
    let options: Options
    private var sniffers: [SnifferBox] = []
    private var marks: ReadingMarks?
    private lazy var nearDuplicates = NearDuplicateFinder(catalogue: repository.catalogue)
    /// The repository's taxonomy and OCR setting (kho.toml), read once; a kho.toml that cannot be
    /// used stops the run before it starts (never a quiet fall-back to the standard rules).
    private let classifySettings: Result<ClassifySettings, Error>

    public init(repository: Repository, options: Options) {
        self.repository = repository
        self.options = options
        classifySettings = Result { try ClassifySettings(repository: repository) }
    }

    fileprivate typealias Candidate = IngestFile

    fileprivate enum StageResult {
        case accepted(StagedObject, mime: String, kind: MediaKind, claimed: ClaimedType?, mismatch: Bool, extraction: Extraction?,
                      fingerprint: Fingerprint?, classification: ClassificationRecord?)
        case refused(StagedObject, mime: String, claimed: ClaimedType?, reason: String)
        case failed(String)
    }

    /// Ingests everything under `roots` as one run. `onItem` hears about every file, in order, once
    /// its fate is durable; `onProgress` is called after each batch.
    public func run(roots: [String], onItem: (IngestItem) -> Void = { _ in },
                    onProgress: (IngestProgress) -> Void = { _ in }) throws -> IngestSummary {
        let started = ContinuousClock.now
        let units = try classifySettings.get().units
        let absoluteRoots = roots.map(FileWalker.absolute)
        var run = try beginRun(roots: absoluteRoots)

        var candidates: [IngestFile] = []
        var walkProblems: [IngestItem] = []
        FileWalker(roots: roots, excluding: [repository.root]).walk { event in
            switch event {
            case .file(let path, let name, let size, let throughLink):
                var unit = unitFolder(of: path, roots: absoluteRoots)
                if let folder = unit {
                    switch units.resolve(folder) {
                    case .unit(let name): unit = name
                    case .unknown(let reason):
                        walkProblems.append(IngestItem(path: path, status: .failed, reason: reason))
                        return
                    }
                }
                var file = IngestFile(path: path, fileName: name, size: size, unit: unit)
                file.followLink = throughLink
                candidates.append(file)
            case .link(let path, let target):
                walkProblems.append(IngestItem(path: path, status: .failed, reason: "a symbolic link (to \(target)); not followed"))
            case .problem(let path, let reason): walkProblems.append(IngestItem(path: path, status: .failed, reason: reason))
            }
        }
        var summary = try ingest(candidates, problems: walkProblems, runID: run.id!, onItem: onItem, onProgress: onProgress)
        // Many new items leave the search index in many segments; one merge keeps queries quick.
        if summary.added >= 1000 { try? repository.catalogue.optimizeSearchIndex() }
        summary.seconds = started.secondsSince
        try finishRun(&run, summary: summary, finished: true)
        return summary
    }

    /// Opens a run row (`ingest_runs`) that `ingest` calls report into.
    public func beginRun(roots: [String]) throws -> IngestRunRecord {
        let settings = try classifySettings.get()
        // Units renamed in kho.toml: items stored under the old name follow.
        try repository.catalogue.renameUnits(settings.units.renames)
        // Files a kho that died was reading: remembered, so that this run does not read them again.
        let time = Timestamp.now()
        try repository.catalogue.recordSuspects(ReadingMarks.collectLeftovers(repository: repository.root).map {
            SuspectFile(path: $0.path, size: $0.size, mtimeNs: $0.mtimeNs, crashed: $0.crashed, foundAt: time)
        })
        var run = IngestRunRecord(command: options.command, user: Identity.userName, host: Identity.hostName,
                                  roots: Identity.jsonArray(roots), unit: options.unit, startedAt: Timestamp.now())
        run.id = try repository.catalogue.beginRun(run)
        return run
    }

    /// Writes a run's totals; `finished` stamps its end (a watcher updates totals as it goes).
    public func finishRun(_ run: inout IngestRunRecord, summary: IngestSummary, finished: Bool) throws {
        if finished { run.finishedAt = Timestamp.now() }
        run.filesSeen = summary.filesSeen
        run.objectsAdded = summary.added
        run.duplicates = summary.duplicates
        run.quarantined = summary.quarantined
        run.failed = summary.failed
        run.bytesRead = summary.bytesRead
        run.bytesStored = summary.bytesStored
        run.sourcesAdded = summary.sourcesAdded
        try repository.catalogue.finishRun(run, lazily: !finished)
    }

    /// Ingests these files (and reports `problems` found before) into run `runID`, in batches.
    /// `shouldStop` is asked between batches: files not yet started are left alone, untouched.
    public func ingest(_ candidates: [IngestFile], problems walkProblems: [IngestItem] = [], runID: Int64,
                       shouldStop: () -> Bool = { false }, onItem: (IngestItem) -> Void = { _ in },
                       onProgress: (IngestProgress) -> Void = { _ in }) throws -> IngestSummary {
        let classify = try classifySettings.get()
        var summary = IngestSummary(runID: runID)
        let (candidates, suspects) = try setAsideSuspects(candidates)
        let walkProblems = walkProblems + suspects
        let bytesTotal = candidates.reduce(Int64(0)) { $0 + $1.size }
        var progress = IngestProgress(filesDone: 0, filesTotal: candidates.count + walkProblems.count,
                                      bytesDone: 0, bytesTotal: bytesTotal)

        // libmagic loads its database per handle: once per job, not per call (the watcher calls often).
        if sniffers.isEmpty { sniffers = try (0..<options.workers).map { _ in SnifferBox(try Sniffer()) } }
        let sniffers = self.sniffers
        if marks == nil { marks = ReadingMarks(repository: repository.root, workers: options.workers) }
        // Batch N is catalogued on this queue while batch N+1 is read and hashed.
        let committer = DispatchQueue(label: "kho.ingest.catalogue")
        let committed = CommitSlot()
        var inFlightBytes: Int64?
        func collect() throws {
            guard let bytes = inFlightBytes else { return }
            committer.sync {}
            var result = try committed.take()
            if !result.fingerprinted.isEmpty {
                nearDuplicates.check(result.fingerprinted, items: &result.items)
            }
            for item in result.items {
                tally(item, into: &summary)
                onItem(item)
            }
            summary.sourcesAdded += result.sourcesAdded
            summary.bytesStored += result.bytesStored
            progress.filesDone += result.items.count
            progress.bytesDone += bytes
            onProgress(progress)
            inFlightBytes = nil
        }

        var pendingProblems = walkProblems
        var start = 0
        while (start < candidates.count || !pendingProblems.isEmpty) && !shouldStop() {
            var end = start
            var bytes: Int64 = 0
            while end < candidates.count && end - start < options.batchFiles && (end == start || bytes + candidates[end].size <= options.batchBytes) {
                bytes += candidates[end].size
                end += 1
            }
            // Read and hash this batch while the previous one is made durable and catalogued.
            let staged = stage(Array(candidates[start..<end]), extra: pendingProblems, runID: runID, sniffers: sniffers, marks: marks!,
                               classify: classify)
            pendingProblems = []
            try collect()
            let repository = self.repository
            let unit = options.unit
            committer.async {
                committed.put(Result { try Self.commit(Self.place(staged, unit: unit, store: repository.store), repository: repository) })
            }
            inFlightBytes = bytes
            start = end
        }
        try collect()
        return summary
    }

    /// The first folder between a root and the file, when `unitFromFolder` asks for it. Compared
    /// as bytes: String comparison would take an NFD path to be under its NFC root.
    private func unitFolder(of path: String, roots: [String]) -> String? {
        guard options.unitFromFolder else { return nil }
        let bytes = Array(path.utf8)
        for root in roots {
            let prefix = Array((root == "/" ? "/" : root + "/").utf8)
            guard bytes.starts(with: prefix) else { continue }
            let rest = bytes[prefix.count...].split(separator: UInt8(ascii: "/"))
            return rest.count >= 2 ? String(decoding: rest[0], as: UTF8.self) : nil
        }
        return nil
    }

    private func tally(_ item: IngestItem, into summary: inout IngestSummary) {
        summary.filesSeen += 1
        switch item.status {
        case .added: summary.added += 1
        case .duplicate: summary.duplicates += 1
        case .quarantined: summary.quarantined += 1
        case .failed: summary.failed += 1
        }
        if item.status != .failed { summary.bytesRead += item.size ?? 0 }
        if item.extraction != nil { summary.warnings += 1 }
        if item.nearDuplicate != nil { summary.nearDuplicates += 1 }
    }

    /// A batch whose objects are published, waiting for its catalogue transaction.
    struct PreparedBatch: Sendable {
        var items: [IngestItem]
        var files: [CataloguedFile]
        /// For each entry of `files`, the index of its item.
        var fileItemIndex: [Int]
        var quarantined: [QuarantineRecord]
        var newBytes: Int64
        var runID: Int64
        var time: String
    }

    struct CommittedBatch: Sendable {
        var items: [IngestItem]
        /// New objects with a usable fingerprint: (item index, the catalogue's candidate form).
        var fingerprinted: [(item: Int, candidate: DedupCandidate)] = []
        var sourcesAdded: Int
        var bytesStored: Int64
    }

    struct PlacingFailure: Error { let reason: String }

    /// A batch read, hashed and sniffed into the temporary area, not yet durable.
    struct StagedBatch: @unchecked Sendable {
        fileprivate let batch: [Candidate]
        fileprivate let results: ResultSlots<StageResult>
        let extra: [IngestItem]
        let runID: Int64
    }

    /// Reads, hashes, sniffs and extracts a batch on all workers.
    private func stage(_ batch: [Candidate], extra: [IngestItem], runID: Int64, sniffers: [SnifferBox], marks: ReadingMarks,
                       classify: ClassifySettings) -> StagedBatch {
        let store = repository.store
        let limits = options.limits
        let fingerprints = options.fingerprints
        let extractStored = options.extractStored
        let results = ResultSlots<StageResult>(count: batch.count)
        let workers = min(sniffers.count, max(1, batch.count))
        Self.parallelFor(batch.count, workers: workers) { i, worker in
            marks.begin(worker: worker, path: batch[i].path)
            CrashPoint.reading(batch[i].fileName)
            results[i] = Self.stage(batch[i], store: store, sniffer: sniffers[worker].sniffer, limits: limits, fingerprints: fingerprints,
                                    extractStored: extractStored, classify: classify)
            marks.end(worker: worker)
        }
        return StagedBatch(batch: batch, results: results, extra: extra, runID: runID)
    }

    /// Makes a staged batch durable and publishes it (on the catalogue queue, beside the next
    /// batch's staging): sync, then a mkdir, a link and an unlink per new object.
    private static func place(_ staged: StagedBatch, unit: String?, store: ObjectStore) -> PreparedBatch {
        let batch = staged.batch, results = staged.results, runID = staged.runID, extra = staged.extra
        // 1. Bytes durable before any name points at them.
        var syncFailure: String?
        do { try store.syncToDisk() } catch { syncFailure = "could not make the copy durable: \(error)" }
        // 2. Publish (or quarantine) one object; whatever goes wrong drops its temporary copy.
        func place(_ staged: StagedObject, _ operation: (StagedObject) throws -> Bool) -> Result<Bool, PlacingFailure> {
            if let syncFailure { store.discard(staged); return .failure(PlacingFailure(reason: syncFailure)) }
            do { return .success(try operation(staged)) } catch {
                store.discard(staged)
                return .failure(PlacingFailure(reason: "\(error)"))
            }
        }

        let time = Timestamp.now()
        var items: [IngestItem] = []
        var files: [CataloguedFile] = []
        var fileItemIndex: [Int] = []
        var quarantined: [QuarantineRecord] = []
        var newBytes: Int64 = 0

        for (i, candidate) in batch.enumerated() {
            switch results[i]! {
            case .failed(let reason):
                items.append(IngestItem(path: candidate.path, status: .failed, reason: reason))
            case .accepted(let staged, let mime, let kind, let claimed, let mismatch, let extraction, let fingerprint, let classification):
                switch place(staged, store.publish) {
                case .failure(let failure):
                    items.append(IngestItem(path: candidate.path, status: .failed, reason: failure.reason))
                    continue
                case .success(let new):
                    if new { newBytes += staged.size }
                }
                fileItemIndex.append(items.count)
                let note = mismatch ? "named .\(claimed!.ext) but the content is \(mime)" : nil
                items.append(IngestItem(path: candidate.path, status: .added, digest: staged.digest.hex, size: staged.size,
                                        mime: mime, kind: kind, reason: note))
                var file = CataloguedFile(digest: staged.digest.hex, size: staged.size, mime: mime, kind: kind,
                                          path: candidate.path, fileName: candidate.fileName,
                                          mtime: Timestamp.string(secondsSince1970: staged.sourceModified),
                                          unit: candidate.unit ?? unit, claimedMime: claimed?.mime, extMismatch: mismatch,
                                          facts: extraction?.facts ?? [])
                file.tags = candidate.tags
                if RawPath.hasStrayBytes(candidate.fileName) { file.nameReading = LegacyName.reading(RawPath.bytes(candidate.fileName)) }
                file.fingerprint = fingerprint
                file.classification = classification
                file.extraction = extraction
                files.append(file)
                if let extraction, extraction.status == .failed || extraction.status == .partial || extraction.status == .needsOCR {
                    let warning = extraction.notes.joined(separator: "; ")
                    items[items.count - 1].extraction = extraction.status
                    items[items.count - 1].reason = [items[items.count - 1].reason, "\(extraction.status.rawValue): \(warning)"]
                        .compactMap { $0 }.joined(separator: "; ")
                }
            case .refused(let staged, let mime, let claimed, let reason):
                if case .failure(let failure) = place(staged, { try store.quarantine($0); return false }) {
                    items.append(IngestItem(path: candidate.path, status: .failed,
                                            reason: "refused (\(reason)) and could not be kept aside: \(failure.reason)"))
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
        return PreparedBatch(items: items, files: files, fileItemIndex: fileItemIndex, quarantined: quarantined,
                             newBytes: newBytes, runID: runID, time: time)
    }

    /// Makes a prepared batch's names durable, then records it in one catalogue transaction.
    private static func commit(_ batch: PreparedBatch, repository: Repository) throws -> CommittedBatch {
        func allFailed(_ reason: String) -> CommittedBatch {
            let items = batch.items.map { item in
                var item = item
                if item.status != .failed { item.status = .failed; item.reason = reason }
                return item
            }
            return CommittedBatch(items: items, sourcesAdded: 0, bytesStored: 0)
        }
        // 3. The new names durable before the catalogue mentions them.
        do { try repository.store.syncToDisk() } catch { return allFailed("could not make the copy durable: \(error)") }

        // 4. One transaction for the whole batch.
        let problems = batch.items.filter { $0.status == .failed }.map {
            ProblemRecord(runId: batch.runID, path: $0.path, reason: $0.reason ?? "", at: batch.time)
        }
        let outcomes: [CatalogueOutcome]
        do {
            outcomes = try repository.catalogue.record(runID: batch.runID, files: batch.files, quarantined: batch.quarantined,
                                                       problems: problems, at: batch.time)
        } catch {
            return allFailed("could not write the catalogue: \(error)")
        }
        var items = batch.items
        var sourcesAdded = 0
        var fingerprinted: [(item: Int, candidate: DedupCandidate)] = []
        for (n, outcome) in outcomes.enumerated() {
            if !outcome.objectAdded { items[batch.fileItemIndex[n]].status = .duplicate }
            if let removal = outcome.removal {
                let day = String(removal.removedAt.prefix(10))
                let short = String(removal.digest.prefix(12))
                let note = outcome.objectAdded
                    ? "these bytes were removed on \(day) by \(removal.removedBy) (\(removal.reason)) and collected; stored again"
                    : "removed on \(day) by \(removal.removedBy) (\(removal.reason)): still hidden — kho remove \(short) --undo brings it back"
                let index = batch.fileItemIndex[n]
                items[index].reason = [items[index].reason, note].compactMap { $0 }.joined(separator: "; ")
                items[index].removed = true
            }
            if outcome.sourceAdded { sourcesAdded += 1 }
            let file = batch.files[n]
            if outcome.objectAdded, let fingerprint = file.fingerprint, fingerprint.status == .ok {
                fingerprinted.append((batch.fileItemIndex[n], DedupCandidate(
                    objectID: outcome.objectID, fingerprint: fingerprint, digest: file.digest, mime: file.mime, kind: file.kind, size: file.size,
                    firstSeenAt: batch.time, name: file.fileName)))
            }
        }
        return CommittedBatch(items: items, fingerprinted: fingerprinted, sourcesAdded: sourcesAdded, bytesStored: batch.newBytes)
    }

    /// Reads, hashes and sniffs one file. Runs on a worker thread; touches no shared state.
    private static func stage(_ candidate: Candidate, store: ObjectStore, sniffer: Sniffer, limits: ExtractionLimits,
                              fingerprints: Bool, extractStored: Bool, classify: ClassifySettings) -> StageResult {
        var staged: StagedObject
        do {
            staged = try store.stage(fileAt: candidate.path, headCount: ObjectStore.wholeReadLimit, followLink: candidate.followLink)
        } catch {
            return .failed(Self.plain(error, path: candidate.path))
        }
        if let expected = candidate.expectedDigest, staged.digest != expected {
            store.discard(staged)
            return .failed("damaged: its bytes hash to \(staged.digest.hex.prefix(12))…, not to its name")
        }
        let isNew = !staged.alreadyStored || extractStored
        if staged.size == 0 {
            store.discard(staged)
            return .failed("empty file (0 bytes): nothing to keep — check that it was copied completely")
        }
        let mime = sniffer.mimeType(of: staged.head, isWholeFile: staged.head.count == staged.size,
                                    path: store.contentPath(of: staged))
        // Bytes the store already had were extracted when they first came in.
        var extraction = !isNew ? nil
            : Extractor.extract(path: store.contentPath(of: staged), mime: mime, head: staged.head, limits: limits)
        staged.head = []
        switch ContentPolicy.evaluate(detectedMIME: mime, fileName: candidate.fileName) {
        case .accept(let kind, let claimed, let mismatch):
            // New content gets its perceptual fingerprint from the same staged copy.
            let fingerprint = !isNew || !fingerprints ? nil
                : Fingerprints.compute(path: store.contentPath(of: staged), kind: kind, text: extraction?.text,
                                       duration: extraction?.facts.first { $0.key == "media.duration" }.flatMap { Double($0.value) })
            // Pixels that decode only in part, or not at all: stored, and said (the EXIF read stays).
            if kind == .image, let note = fingerprint?.note, fingerprint?.status != .refused, extraction != nil {
                // Nothing read (no EXIF) and no pixels either: the picture is unreadable, say so.
                if extraction!.status == .none, fingerprint?.status == .failed { extraction!.status = .failed }
                extraction!.warn(note)
            }
            var classification: ClassificationRecord?
            if var x = extraction {
                let picture = fingerprint?.status == .ok && Classifier.needsPictureStatistics(kind: kind, mime: mime, facts: Self.facts(x))
                    ? PictureStatistics.measure(path: store.contentPath(of: staged), timeout: limits.toolTimeout) : nil
                classification = Self.classify(x, kind: kind, mime: mime, names: [candidate.fileName] + candidate.tags, fingerprint: fingerprint, picture: picture, settings: classify)
                if kind == .image,
                   PictureOCR.read(&x, path: store.contentPath(of: staged), contentType: classification!.contentType,
                                   decodable: fingerprint.map { $0.status == .ok } ?? true, enabled: classify.ocrImages && limits.ocr,
                                   timeout: limits.toolTimeout * 2) {
                    extraction = x
                    classification = Self.classify(x, kind: kind, mime: mime, names: [candidate.fileName] + candidate.tags, fingerprint: fingerprint, picture: picture, settings: classify)
                }
            }
            return .accepted(staged, mime: mime, kind: kind, claimed: claimed, mismatch: mismatch, extraction: extraction,
                             fingerprint: fingerprint, classification: classification)
        case .quarantine(let reason, let claimed):
            return .refused(staged, mime: mime, claimed: claimed, reason: reason)
        }
    }

    /// `names`: the file's name and the folders it was dropped in (watch-folder tags).
    static func classify(_ x: Extraction, kind: MediaKind, mime: String, names: [String], fingerprint: Fingerprint?,
                         picture: PictureStatistics?, settings: ClassifySettings) -> ClassificationRecord {
        Classifier.classify(Classifier.Input(kind: kind, mime: mime, facts: facts(x), title: x.title, text: x.text, textOrigin: x.textOrigin,
                                             takenAt: x.takenAt, names: names, greyLevels: fingerprint?.greyLevels,
                                             whiteShare: fingerprint?.whiteShare, width: fingerprint?.width, height: fingerprint?.height,
                                             picture: picture),
                            taxonomy: settings.taxonomy)
    }

    /// An extraction's facts by key (the first value of a key wins).
    static func facts(_ x: Extraction) -> [String: String] {
        var facts: [String: String] = [:]
        for f in x.facts where facts[f.key] == nil { facts[f.key] = f.value }
        return facts
    }

    /// The error without the path (the item already names the file).
    static func plain(_ error: Error, path: String) -> String {
        let text = "\(error)"
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}
