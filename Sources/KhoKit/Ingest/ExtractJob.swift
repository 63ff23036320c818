import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore

/// Runs the extractors again over objects already stored: those never extracted (a crash between
/// storing and cataloguing), those in a given status (say `needs-ocr` once OCR exists), or all
/// (after an extractor improved). Reads the store, never the original files.
public struct ExtractJob {
    public struct Summary: Sendable, Codable, Equatable {
        public var examined = 0
        public var byStatus: [String: Int] = [:]
        public var missingObjects = 0

        enum CodingKeys: String, CodingKey {
            case examined, byStatus = "by_status", missingObjects = "missing_objects"
        }
    }

    let repository: Repository
    let limits: ExtractionLimits
    let ocrImages: Bool

    /// Throws when the repository's kho.toml cannot be used (its OCR setting counts here).
    public init(repository: Repository, limits: ExtractionLimits = ExtractionLimits()) throws {
        self.repository = repository
        self.limits = limits
        ocrImages = try ClassifySettings(repository: repository).ocrImages
    }

    public func run(statuses: [String]?, all: Bool, onProgress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        let objects = try repository.catalogue.objectsToExtract(statuses: statuses, all: all)
        var summary = Summary()
        let batchSize = 128
        let store = repository.store
        let limits = self.limits, ocrImages = self.ocrImages
        let catalogue = repository.catalogue
        for start in stride(from: 0, to: objects.count, by: batchSize) {
            let batch = Array(objects[start..<min(objects.count, start + batchSize)])
            let results = ResultSlots<Extraction>(count: batch.count)
            IngestJob.parallelFor(batch.count, workers: max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))) { i, _ in
                guard let digest = Digest(hex: batch[i].digest) else { return }
                let path = store.path(for: digest)
                guard let handle = FileHandle(forReadingAtPath: path) else { return }
                let head = [UInt8]((try? handle.read(upToCount: ObjectStore.wholeReadLimit)) ?? Data())
                try? handle.close()
                var x = Extractor.extract(path: path, mime: batch[i].mime, head: head, limits: limits)
                // Graphics and scanned pages get their OCR text again (ingest read it after classifying them).
                if batch[i].kind == .image, let id = batch[i].id {
                    let decodable = ((try? catalogue.fingerprint(objectID: id)) ?? nil).map { $0.status == .ok } ?? true
                    _ = PictureOCR.read(&x, path: path, contentType: batch[i].contentType, decodable: decodable,
                                        enabled: ocrImages && limits.ocr, timeout: limits.toolTimeout * 2)
                }
                results[i] = x
            }
            var updates: [(objectID: Int64, extraction: Extraction)] = []
            for (i, object) in batch.enumerated() {
                summary.examined += 1
                guard let extraction = results[i], let id = object.id else { summary.missingObjects += 1; continue }
                summary.byStatus[extraction.status.rawValue, default: 0] += 1
                updates.append((id, extraction))
            }
            try repository.catalogue.replaceExtractions(updates)
            onProgress(summary.examined, objects.count)
        }
        return summary
    }
}
