import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore

/// Computes the fingerprints items lack (ingested before kho had them, or with `fingerprints`
/// off), from the stored bytes and the extracted text, on every core.
public struct FingerprintJob {
    public struct Summary: Sendable, Codable, Equatable {
        public var examined = 0
        public var byStatus: [String: Int] = [:]
        public var missingObjects = 0
        enum CodingKeys: String, CodingKey { case examined, byStatus = "by_status", missingObjects = "missing_objects" }
    }

    let repository: Repository
    public init(repository: Repository) { self.repository = repository }

    public func run(onProgress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        let catalogue = repository.catalogue
        let store = repository.store
        let objects = try catalogue.objectsWithoutFingerprint(kinds: [.image, .video, .audio, .document])
        var summary = Summary()
        for start in stride(from: 0, to: objects.count, by: 64) {
            let batch = Array(objects[start..<min(objects.count, start + 64)])
            var texts: [String?] = []
            var durations: [Double?] = []
            for o in batch {
                texts.append(o.kind == .document ? try catalogue.text(objectID: o.id!) : nil)
                durations.append(try catalogue.factValue(objectID: o.id!, key: "media.duration").flatMap(Double.init))
            }
            let results = ResultSlots<Fingerprint>(count: batch.count)
            let texts2 = texts, durations2 = durations
            IngestJob.parallelFor(batch.count, workers: max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))) { i, _ in
                guard let digest = Digest(hex: batch[i].digest) else { return }
                let kind = batch[i].kind
                let path = store.path(for: digest)
                guard FileManager.default.fileExists(atPath: path) else { return }
                results[i] = Fingerprints.compute(path: path, kind: kind, text: texts2[i], duration: durations2[i])
                    ?? Fingerprint(method: Fingerprint.method(for: kind)!, status: .failed, note: "no text to compare")
            }
            var records: [(objectID: Int64, fingerprint: Fingerprint)] = []
            for (i, object) in batch.enumerated() {
                summary.examined += 1
                guard let fingerprint = results[i] else { summary.missingObjects += 1; continue }
                summary.byStatus[fingerprint.status.rawValue, default: 0] += 1
                records.append((object.id!, fingerprint))
            }
            try catalogue.storeFingerprints(records)
            onProgress(summary.examined, objects.count)
        }
        return summary
    }
}
