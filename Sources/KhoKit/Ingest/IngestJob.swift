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
        /// Read scanned pages and pictures by OCR (Tesseract). Off: faster, and what a scan says
        /// is not searchable until `kho extract --status needs-ocr`.
        public var ocr: Bool {
            get { limits.ocr }
            set { limits.ocr = newValue }
        }
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
    private lazy var nearDuplicates = NearDuplicateFinder(ledger: ledger)
    /// The two seams ingest goes through (docs/scale-out.md): where bytes go, where rows go.
    var storage: any ObjectStorage { repository.store }
    var ledger: any IngestLedger { repository.catalogue }
    /// The repository's taxonomy and OCR setting (kho.toml), read once; a kho.toml that cannot be
    /// used stops the run before it starts (never a quiet fall-back to the standard rules).
    private let classifySettings: Result<ClassifySettings, Error>

    public init(repository: Repository, options: Options) {
        self.repository = repository
        self.options = options
        classifySettings = Result { try ClassifySettings(repository: repository) }
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
        if summary.added >= 1000 { try? ledger.optimizeSearchIndex() }
        summary.seconds = started.secondsSince
        try finishRun(&run, summary: summary, finished: true)
        return summary
    }

    /// Opens a run row (`ingest_runs`) that `ingest` calls report into.
    public func beginRun(roots: [String]) throws -> IngestRunRecord {
        let settings = try classifySettings.get()
        // Units renamed in kho.toml: items stored under the old name follow.
        try ledger.renameUnits(settings.units.renames)
        // Files a kho that died was reading: remembered, so that this run does not read them again.
        try ReadingMarks.recordLeftovers(repository: repository.root, in: ledger)
        var run = IngestRunRecord(command: options.command, user: Identity.userName, host: Identity.hostName,
                                  roots: Identity.jsonArray(roots), unit: options.unit, startedAt: Timestamp.now())
        run.id = try ledger.beginRun(run)
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
        try ledger.finishRun(run, lazily: !finished)
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
            var result = try committed.collect()
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
            let staged = readBatch(Array(candidates[start..<end]), extra: pendingProblems, runID: runID, sniffers: sniffers, marks: marks!,
                               classify: classify)
            pendingProblems = []
            try collect()
            let (storage, ledger, unit) = (self.storage, self.ledger, options.unit)
            committer.async {
                committed.put(Result { try Self.commit(Self.place(staged, unit: unit, store: storage), storage: storage, ledger: ledger) })
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
        if item.ocrQueued == true { summary.ocrQueued += 1 }
    }

    /// Reads, hashes, sniffs and extracts a batch on all workers.
    private func readBatch(_ batch: [IngestFile], extra: [IngestItem], runID: Int64, sniffers: [SnifferBox], marks: ReadingMarks,
                       classify: ClassifySettings) -> StagedBatch {
        let store = storage
        let limits = options.limits
        let fingerprints = options.fingerprints
        let extractStored = options.extractStored
        let results = ResultSlots<StepsOutcome>(count: batch.count)
        let workers = min(sniffers.count, max(1, batch.count))
        let order = Self.longestFirst(batch)
        Self.parallelFor(batch.count, workers: workers) { n, worker in
            let i = order[n]
            marks.begin(worker: worker, path: batch[i].path)
            CrashPoint.reading(batch[i].fileName)
            results[i] = IngestSteps.run(batch[i], StepContext(store: store, sniffer: sniffers[worker].sniffer, limits: limits,
                                                              fingerprints: fingerprints, extractStored: extractStored, settings: classify))
            marks.end(worker: worker)
        }
        return StagedBatch(batch: batch, results: results, extra: extra, runID: runID)
    }

    /// The batch's files, the likely slowest first (videos and sounds are decoded for their
    /// fingerprints, documents run converters; pictures and text are quick): started last, a
    /// video would hold the whole batch — and every file in it — back from the catalogue.
    /// The name only guesses; what is stored still comes from the content.
    static func longestFirst(_ batch: [IngestFile]) -> [Int] {
        func cost(_ file: IngestFile) -> Int64 {
            switch ClaimedType(fileName: file.fileName)?.kind {
            case .video?: return 3 << 40 + file.size
            case .audio?: return 2 << 40 + file.size
            case .document?: return 1 << 40 + file.size
            default: return file.size
            }
        }
        // Worked out once per file, not twice per comparison (a name's type is string work).
        let costs = batch.map(cost)
        return batch.indices.sorted { costs[$0] > costs[$1] }
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
