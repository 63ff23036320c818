import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore

/// Classifies stored items again from the catalogue (after kho.toml's rules changed, or for items
/// ingested before classification existed). Values and topics set by hand stay.
public struct ClassifyJob: Sendable {
    let repository: Repository
    let settings: ClassifySettings

    /// Throws when the repository's kho.toml cannot be used (the message names the line).
    public init(repository: Repository) throws {
        self.repository = repository
        settings = try ClassifySettings(repository: repository)
    }

    /// `all`: every item; else those never classified. Returns how many by content type.
    public func run(all: Bool) throws -> [String: Int] {
        let ids = try repository.catalogue.objectIDsToClassify(all: all)
        var counts: [String: Int] = [:]
        for start in stride(from: 0, to: ids.count, by: 256) {
            var batch: [(objectID: Int64, record: ClassificationRecord)] = []
            for id in ids[start..<min(ids.count, start + 256)] {
                let record = try classify(objectID: id)
                counts[record.contentType.rawValue, default: 0] += 1
                batch.append((id, record))
            }
            try repository.catalogue.storeClassifications(batch)
        }
        return counts
    }

    /// What the rules make of one item now (nothing stored).
    /// `text`: what OCR just read, in place of the catalogue's (stored with the result, in one transaction).
    public func classify(objectID: Int64, text read: (String, TextOrigin)? = nil) throws -> ClassificationRecord {
        let catalogue = repository.catalogue
        guard let object = try catalogue.object(id: objectID) else { throw LookupFailure.notFound(String(objectID)) }
        let input = try catalogue.classificationInput(objectID: objectID)
        let fp = input.fingerprint
        let kind = object.kind
        let picture = fp?.status == .ok && Classifier.needsPictureStatistics(kind: kind, mime: object.mime, facts: input.facts)
            ? Digest(hex: object.digest).flatMap { PictureStatistics.measure(path: repository.store.path(for: $0)) } : nil
        return Classifier.classify(Classifier.Input(kind: kind, mime: object.mime, facts: input.facts,
                                                    title: object.title, text: read?.0 ?? input.text, textOrigin: read?.1 ?? input.origin, takenAt: object.takenAt,
                                                    names: input.names, greyLevels: fp?.greyLevels, whiteShare: fp?.whiteShare,
                                                    width: fp?.width, height: fp?.height, picture: picture),
                                   taxonomy: settings.taxonomy)
    }
}
