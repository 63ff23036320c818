import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia

/// Tells an ingest which new items resemble one already stored, at the default preset. Each
/// method's index is loaded from the catalogue the first time it is needed, then grows with what
/// the ingest adds.
final class NearDuplicateFinder {
    let ledger: any IngestLedger
    let preset: SimilarityPreset
    private var indexes: [Fingerprint.Method: SimilarityIndex] = [:]
    private var known: [Fingerprint.Method: Set<Int64>] = [:]

    init(ledger: any IngestLedger, preset: SimilarityPreset = .default) {
        self.ledger = ledger
        self.preset = preset
    }

    func check(_ new: [(item: Int, candidate: DedupCandidate)], items: inout [IngestItem]) {
        for (itemIndex, candidate) in new {
            let method = candidate.fingerprint.method
            guard let index = index(for: method) else { continue }
            let me = candidate.objectID
            if let best = index.neighbours(of: candidate.fingerprint).first(where: { index.members[$0.position].objectID != me }) {
                items[itemIndex].nearDuplicate = NearDuplicate(digest: index.members[best.position].digest, distance: best.distance,
                                                               method: method)
            }
            if known[method]!.insert(me).inserted { index.add(candidate) }
        }
    }

    private func index(for method: Fingerprint.Method) -> SimilarityIndex? {
        if let index = indexes[method] { return index }
        // Loaded after this batch's commit: it may already hold the batch's own items (skipped above).
        guard let candidates = try? ledger.dedupCandidates(method: method) else { return nil }
        let index = SimilarityIndex(method: method, preset: preset, candidates: candidates)
        indexes[method] = index
        known[method] = Set(candidates.map(\.objectID))
        return index
    }
}
