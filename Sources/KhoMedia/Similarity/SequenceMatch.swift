import KhoVocabulary
/// Compares two fingerprint sequences that may be shifted (a trimmed start) or cut short (a
/// trimmed end): every shift leaving enough overlap is tried and the best kept.
public enum SequenceMatch {
    public struct Result: Sendable, Equatable {
        /// Video: the share of aligned frames within the frame threshold. Audio: 1 − bit error rate.
        public var score: Double
        /// Items of `b` before the aligned start of `a` (negative: `a` starts later).
        public var shift: Int
        public var overlap: Int
    }

    /// Videos: frames match when their pHashes differ by ≤ `frameThreshold` bits.
    public static func frames(_ a: [UInt64], _ b: [UInt64], frameThreshold: Int, minOverlap: Double = 0.6) -> Result? {
        best(a, b, minOverlap: minOverlap) { x, y in (x ^ y).nonzeroBitCount <= frameThreshold ? 1 : 0 }
    }

    /// Audio: the share of equal bits between aligned Chromaprint items.
    public static func chromaprint(_ a: [UInt64], _ b: [UInt64], minOverlap: Double = 0.6) -> Result? {
        best(a, b, minOverlap: minOverlap) { x, y in 1 - Double((UInt32(truncatingIfNeeded: x) ^ UInt32(truncatingIfNeeded: y)).nonzeroBitCount) / 32 }
    }

    private static func best(_ a: [UInt64], _ b: [UInt64], minOverlap: Double, _ score: (UInt64, UInt64) -> Double) -> Result? {
        let shorter = min(a.count, b.count)
        guard shorter > 0 else { return nil }
        let need = max(1, Int((Double(shorter) * minOverlap).rounded(.up)))
        var found: Result?
        // shift s: a[i] aligns with b[i + s].
        for s in (-(a.count - need))...(b.count - need) {
            let start = max(0, -s), end = min(a.count, b.count - s)
            let overlap = end - start
            guard overlap >= need else { continue }
            var total = 0.0
            for i in start..<end { total += score(a[i], b[i + s]) }
            let value = total / Double(overlap)
            if found == nil || value > found!.score { found = Result(score: value, shift: s, overlap: overlap) }
        }
        return found
    }
}
