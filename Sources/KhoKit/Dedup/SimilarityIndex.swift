import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia

/// Near neighbours among the fingerprints of one method, through an index rather than every
/// pair: multi-index hashing for image pHashes and video frames, LSH buckets for document
/// MinHash, a duration window for audio (a re-encode keeps its length; candidates are then
/// aligned and compared in full).
final class SimilarityIndex {
    let method: Fingerprint.Method
    let preset: SimilarityPreset
    private(set) var members: [DedupCandidate] = []
    private var hamming = HammingIndex()
    /// Videos: which member each indexed frame belongs to.
    private var frameOwner: [Int32] = []
    private var minhash = MinHashIndex()
    /// Audio: (duration, member), kept sorted.
    private var durations: [(Double, Int)] = []

    init(method: Fingerprint.Method, preset: SimilarityPreset, candidates: [DedupCandidate] = []) {
        self.method = method
        self.preset = preset
        for c in candidates { add(c) }
    }

    func add(_ c: DedupCandidate) {
        let position = members.count
        members.append(c)
        let f = c.fingerprint
        switch method {
        case .phash: hamming.insert(f.hash ?? 0)
        case .frames:
            for frame in f.sequence {
                hamming.insert(frame)
                frameOwner.append(Int32(position))
            }
        case .minhash: minhash.insert(f.sequence)
        case .chromaprint:
            let d = f.duration ?? 0
            let at = durations.firstIndex { $0.0 > d } ?? durations.count
            durations.insert((d, position), at: at)
        }
    }

    /// Members like `f` under the preset, nearest first: (position, distance). Distance is in
    /// pHash bits for images, 1 − similarity for the others.
    func neighbours(of f: Fingerprint, excluding: Int? = nil) -> [(position: Int, distance: Double)] {
        var found: [(position: Int, distance: Double)] = []
        switch method {
        case .phash:
            guard let hash = f.hash else { return [] }
            found = hamming.neighbours(of: hash, radius: preset.imageBits).map { ($0.id, Double($0.distance)) }
        case .frames:
            // Candidates: videos sharing close frames; then the whole sequences, aligned.
            var hits: [Int: Int] = [:]
            for frame in f.sequence {
                var owners = Set<Int>()
                for n in hamming.neighbours(of: frame, radius: preset.frameBits) { owners.insert(Int(frameOwner[n.id])) }
                for o in owners { hits[o, default: 0] += 1 }
            }
            let needed = max(1, Int(Double(f.sequence.count) * preset.videoShare * 0.5))
            for (position, count) in hits where count >= needed {
                if let m = SequenceMatch.frames(f.sequence, members[position].fingerprint.sequence, frameThreshold: preset.frameBits),
                   m.score >= preset.videoShare {
                    found.append((position, 1 - m.score))
                }
            }
        case .minhash:
            found = minhash.neighbours(of: f.sequence, threshold: preset.documentSimilarity).map { ($0.id, 1 - $0.similarity) }
        case .chromaprint:
            let d = f.duration ?? 0
            let low = d * 0.7, high = d / 0.7
            for (duration, position) in durations where duration >= low && duration <= high {
                if let m = SequenceMatch.chromaprint(f.sequence, members[position].fingerprint.sequence), m.score >= preset.audioSimilarity {
                    found.append((position, 1 - m.score))
                }
            }
        }
        return found.filter { $0.position != excluding }.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.position < $1.position }
    }

    /// The distance between two members' fingerprints, in the unit `neighbours` uses.
    func distance(_ a: Int, _ b: Int) -> Double {
        let fa = members[a].fingerprint, fb = members[b].fingerprint
        switch method {
        case .phash: return Double(((fa.hash ?? 0) ^ (fb.hash ?? 0)).nonzeroBitCount)
        case .frames: return 1 - (SequenceMatch.frames(fa.sequence, fb.sequence, frameThreshold: preset.frameBits)?.score ?? 0)
        case .minhash: return 1 - MinHash.similarity(fa.sequence, fb.sequence)
        case .chromaprint: return 1 - (SequenceMatch.chromaprint(fa.sequence, fb.sequence)?.score ?? 0)
        }
    }
}
