import KhoCatalogue
import KhoMedia
import KhoStore

/// What happens to one file on its way in, declared in one place and in order. Each step is a
/// small named type that reads what the earlier steps found and adds its own part; any step may
/// stop the file there (failed, or refused into quarantine). They run on a worker thread, one
/// file at a time, touching no shared state; the batch is made durable and catalogued afterwards
/// (IngestBatch).
enum IngestSteps {
    static let perFile: [any IngestStep] = [
        StoreStep(),            // read once into the store's temporary area, hashed on the way
        SniffStep(),            // what the bytes are (libmagic), whatever the name says
        ExtractStep(),          // facts and text (new content only)
        AdmitStep(),            // accept, or refuse content that lies about its type
        FingerprintStep(),      // the perceptual fingerprint (new content only)
        PictureStatisticsStep(),// how drawn or photographed a picture looks, when classifying needs it
        ClassifyStep(),         // content type, topics, document fields
        QueueOCRStep(),         // scans and graphics wait for OCR in the catalogue's queue (OCRJob)
    ]

    static func run(_ candidate: IngestFile, _ context: StepContext) -> StepsOutcome {
        var file = FileInProgress(candidate: candidate)
        for step in perFile {
            switch step.run(&file, context) {
            case .next: continue
            case .failed(let reason):
                if let staged = file.staged { context.store.discard(staged) }
                return .failed(reason)
            case .refused(let reason, let claimed):
                return .refused(file.staged!, mime: file.mime, claimed: claimed, reason: reason)
            }
        }
        let admitted = file.admitted!
        return .accepted(file.staged!, mime: file.mime, kind: admitted.kind, claimed: admitted.claimed, mismatch: admitted.mismatch,
                         extraction: file.extraction, fingerprint: file.fingerprint, classification: file.classification, ocr: file.ocr)
    }
}

/// What the steps found of one file so far.
struct FileInProgress {
    let candidate: IngestFile
    var staged: StagedObject?
    /// Content the store did not hold (or bytes being recovered): extracted, fingerprinted, classified.
    var isNew = false
    var mime = ""
    var extraction: Extraction?
    var admitted: (kind: MediaKind, claimed: ClaimedType?, mismatch: Bool)?
    var fingerprint: Fingerprint?
    var picture: PictureStatistics?
    /// Measured with the fingerprint's decode; `picture` takes them when classifying needs them.
    var decodedStatistics: PictureStatistics?
    var classification: ClassificationRecord?
    /// Text for OCR to read after the batch is catalogued.
    var ocr: OCRRequest?

    /// What the rules make of it, from `x` and what the steps found; its names are the file's and
    /// the folders it was dropped in (watch-folder tags).
    func classify(_ x: Extraction, _ settings: ClassifySettings) -> ClassificationRecord? {
        guard let kind = admitted?.kind else { return nil }
        return IngestJob.classify(x, kind: kind, mime: mime, names: [candidate.fileName] + candidate.tags,
                                  fingerprint: fingerprint, picture: picture, settings: settings)
    }

    /// Where the steps read the bytes: the temporary copy, or the stored object.
    func path(in store: any ObjectStorage) -> String { store.contentPath(of: staged!) }
}

/// What a step decided.
enum StepVerdict {
    case next
    case failed(String)
    case refused(String, claimed: ClaimedType?)
}

/// What every step may use. Each worker has its own sniffer (libmagic handles are not shared).
struct StepContext {
    let store: any ObjectStorage
    let sniffer: Sniffer
    let limits: ExtractionLimits
    let fingerprints: Bool
    let extractStored: Bool
    let settings: ClassifySettings
}

protocol IngestStep: Sendable {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict
}

/// What the steps made of one file of a batch.
enum StepsOutcome {
    case accepted(StagedObject, mime: String, kind: MediaKind, claimed: ClaimedType?, mismatch: Bool, extraction: Extraction?,
                  fingerprint: Fingerprint?, classification: ClassificationRecord?, ocr: OCRRequest?)
    case refused(StagedObject, mime: String, claimed: ClaimedType?, reason: String)
    case failed(String)
}
