import Foundation
import KhoCatalogue
import KhoMedia
import KhoStore

struct StoreStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        let candidate = file.candidate
        let staged: StagedObject
        do {
            staged = try context.store.stage(fileAt: candidate.path, headCount: ObjectStore.wholeReadLimit, followLink: candidate.followLink)
        } catch {
            return .failed(IngestJob.plain(error, path: candidate.path))
        }
        file.staged = staged
        if let expected = candidate.expectedDigest, staged.digest != expected {
            return .failed("damaged: its bytes hash to \(staged.digest.hex.prefix(12))…, not to its name")
        }
        if staged.size == 0 { return .failed("empty file (0 bytes): nothing to keep — check that it was copied completely") }
        file.isNew = !staged.alreadyStored || context.extractStored
        return .next
    }
}

struct SniffStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        let staged = file.staged!
        file.mime = context.sniffer.mimeType(of: staged.head, isWholeFile: staged.head.count == staged.size, path: file.path(in: context.store))
        return .next
    }
}

/// Bytes the store already had were extracted when they first came in.
struct ExtractStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        if file.isNew {
            var limits = context.limits
            limits.ocrLater = true  // scans are queued (QueueOCRStep), not read here
            file.extraction = Extractor.extract(path: file.path(in: context.store), mime: file.mime, head: file.staged!.head, limits: limits)
        }
        file.staged!.head = []  // the first bytes are not needed past here; a batch holds many files
        return .next
    }
}

struct AdmitStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        switch ContentPolicy.evaluate(detectedMIME: file.mime, fileName: file.candidate.fileName) {
        case .accept(let kind, let claimed, let mismatch):
            file.admitted = (kind, claimed, mismatch)
            return .next
        case .quarantine(let reason, let claimed):
            return .refused(reason, claimed: claimed)
        }
    }
}

/// New content gets its perceptual fingerprint from the same staged copy.
struct FingerprintStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        guard file.isNew, context.fingerprints, let kind = file.admitted?.kind else { return .next }
        // Sound or video ffprobe could not read at all: ffmpeg and fpcalc would fail the same way,
        // at a process each (random bytes libmagic takes for AAC or MPEG audio, a cut-off upload).
        if kind == .audio || kind == .video, file.extraction?.status == .failed, let method = Fingerprint.method(for: kind) {
            file.fingerprint = Fingerprint(method: method, status: .failed, note: "not fingerprinted: the file could not be read as media")
            return .next
        }
        let duration = file.extraction?.facts.first { $0.key == "media.duration" }.flatMap { Double($0.value) }
        let fingerprint: Fingerprint?
        if kind == .image {
            // The decode also gives the picture statistics, used if classifying needs them.
            (fingerprint, file.decodedStatistics) = Fingerprinter.imageAndStatistics(path: file.path(in: context.store))
        } else {
            fingerprint = Fingerprints.compute(path: file.path(in: context.store), kind: kind, text: file.extraction?.text, duration: duration)
        }
        file.fingerprint = fingerprint
        // Pixels that decode only in part, or not at all: stored, and said (the EXIF read stays).
        if kind == .image, let note = fingerprint?.note, fingerprint?.status != .refused, file.extraction != nil {
            // Nothing read (no EXIF) and no pixels either: the picture is unreadable, say so.
            if file.extraction!.status == .none, fingerprint?.status == .failed { file.extraction!.status = .failed }
            file.extraction!.warn(note)
        }
        return .next
    }
}

struct PictureStatisticsStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        guard let x = file.extraction, let kind = file.admitted?.kind, file.fingerprint?.status == .ok,
              Classifier.needsPictureStatistics(kind: kind, mime: file.mime, facts: IngestJob.facts(x)) else { return .next }
        file.picture = file.decodedStatistics
            ?? PictureStatistics.measure(path: file.path(in: context.store), timeout: context.limits.toolTimeout)
        return .next
    }
}

struct ClassifyStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        guard let x = file.extraction else { return .next }
        file.classification = file.classify(x, context.settings)
        return .next
    }
}

/// A scan without a text layer, or a graphic or scanned page stored as a picture, is queued for
/// OCR: the file is stored and findable now, Tesseract reads it right after (OCRJob), and what it
/// says is classified then.
struct QueueOCRStep: IngestStep {
    func run(_ file: inout FileInProgress, _ context: StepContext) -> StepVerdict {
        guard let x = file.extraction, let kind = file.admitted?.kind, context.limits.ocr, context.settings.ocrImages || kind != .image
        else { return .next }
        // needs-ocr with OCR on and Tesseract present is a scan ExtractStep left for the queue.
        if x.status == .needsOCR, OCR.available {
            file.ocr = OCRRequest(.pages, pages: x.pages ?? 1)
        } else if kind == .image, PictureOCR.wanted(x, contentType: file.classification?.contentType,
                                                    decodable: file.fingerprint.map { $0.status == .ok } ?? true, enabled: true) {
            file.ocr = OCRRequest(.picture)
        }
        return .next
    }
}
