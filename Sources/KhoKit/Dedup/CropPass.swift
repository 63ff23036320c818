import Dispatch
import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia

/// The second pass of image dedup: copies an editor cropped (up to ~15 % a side), straightened
/// (±3°), captioned or recompressed, which the whole-picture hash misses. Candidates come from crop
/// hashes (`CropHashes`, within `radius` bits, through a multi-index over every photo's whole
/// hash); each is confirmed by correlating the pixels (`CropVerifier`). Photos only: drawings made
/// from one template (two posters, other words) look alike by design.
public enum CropPass {
    public static let radius = 11

    struct Pair: Sendable, Equatable {
        var first: Int, second: Int
        var bits: Int
        var correlation: Double
    }

    /// Pairs of `candidates` (by position) that are one photo edited, each confirmed. `pixels`
    /// decodes a picture (a 256-pixel grey thumbnail) by digest; nil when it cannot.
    static func pairs(_ candidates: [DedupCandidate], pixels: (String) -> ImagePixels.Grey?) -> [Pair] {
        var greys: [Int: ImagePixels.Grey] = [:]
        var grids: [Int: [UInt64]] = [:]
        for (i, c) in candidates.enumerated() where c.contentType == .photo {
            guard let g = pixels(c.digest) else { continue }
            greys[i] = g
            grids[i] = CropHashes.grid(g)
        }
        let photos = grids.keys.sorted()
        var found: [Pair] = []
        for c in candidatePairs(photos.map { grids[$0]! }) {
            let (a, b) = (photos[c.first], photos[c.second])
            let r = CropVerifier.correlation(greys[a]!, greys[b]!, match: c.match)
            if r >= CropVerifier.threshold { found.append(Pair(first: a, second: b, bits: c.match.bits, correlation: r)) }
        }
        return found.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }

    /// Pairs of grids (by position, first < second) whose crop hashes come within `radius` bits:
    /// every crop hash is looked up in a multi-index over the whole-picture hashes.
    public static func candidatePairs(_ grids: [[UInt64]]) -> [(first: Int, second: Int, match: CropHashes.Match)] {
        let index = FrozenHammingIndex(grids.map { $0[0] })
        let masks = FrozenHammingIndex.masks(upTo: radius / 4)
        // Each worker takes every n-th photo; the pairs are merged and deduplicated after.
        let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
        let parts = ResultSlots<[Int64]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var keys: [Int64] = []
            var i = w
            while i < grids.count {
                for hash in grids[i].dropFirst() {
                    index.forEachNeighbour(of: hash, radius: radius, masks: masks) { j in
                        if j != i { keys.append(Int64(min(i, j)) << 32 | Int64(max(i, j))) }
                    }
                }
                i += workers
            }
            parts[w] = keys
        }
        var seen = Set<Int64>()
        var found: [(first: Int, second: Int, match: CropHashes.Match)] = []
        for w in 0..<workers {
            for key in parts[w] ?? [] where seen.insert(key).inserted {
                let (a, b) = (Int(key >> 32), Int(key & 0xFFFF_FFFF))
                let match = CropHashes.match(grids[a], grids[b])
                if match.bits <= radius { found.append((a, b, match)) }
            }
        }
        return found.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }
}
