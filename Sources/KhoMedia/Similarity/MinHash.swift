import KhoVocabulary
/// MinHash signatures of documents and their Jaccard similarity (Broder, 1997), with LSH banding
/// for finding candidates without comparing every pair.
///
/// Shingles are 3 consecutive folded words: on the corpus, the same plan in two formats or with
/// one paragraph edited scores ≥ 0.97, and two plans sharing an issuer's boilerplate ≤ 0.16.
public enum MinHash {
    public static let shingleWords = 3
    public static let hashes = 128
    /// LSH: 64 bands of 2 rows — a pair with similarity 0.3 becomes a candidate with
    /// probability 1 − (1 − 0.3²)⁶⁴ ≈ 0.998; candidates are then compared in full.
    public static let bands = 64
    public static var rowsPerBand: Int { hashes / bands }

    public static func signature(words: [String]) -> [UInt64] {
        var mins = [UInt64](repeating: .max, count: hashes)
        let k = min(shingleWords, words.count)
        let wordHashes = words.map(fnv1a)
        for start in 0...(words.count - k) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for i in start..<(start + k) { h = mix(h ^ wordHashes[i]) }
            for j in 0..<hashes {
                let v = mix(h ^ seeds[j])
                if v < mins[j] { mins[j] = v }
            }
        }
        // 32 bits a value are plenty to estimate similarity and halve what is stored.
        return mins.map { $0 >> 32 }
    }

    /// The estimated Jaccard similarity: the share of equal values.
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var same = 0
        for i in a.indices where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }

    /// One key per band: documents sharing a key are candidates.
    public static func bandKeys(_ signature: [UInt64]) -> [UInt64] {
        (0..<bands).map { band in
            var h = UInt64(band) &* 0x9E37_79B9_7F4A_7C15
            for r in 0..<rowsPerBand { h = mix(h ^ signature[band * rowsPerBand + r]) }
            return h
        }
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// splitmix64's finaliser: a good 64-bit mixer.
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let seeds: [UInt64] = (0..<hashes).map { mix(UInt64($0) &+ 0x1234_5678) }
}
