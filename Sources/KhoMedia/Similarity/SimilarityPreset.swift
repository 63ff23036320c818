import KhoVocabulary
/// How alike two items must be to count as the same asset, per kind, as three named presets.
/// The numbers were set on `shared/corpus/neardup/truth.tsv` (measured values in the comments).
public struct SimilarityPreset: Sendable, Equatable {
    public var name: String
    /// Images: most pHash bits that may differ. Corpus (pHash v2): same ≤ 8 (a 5 % crop), distinct ≥ 12
    /// (two posters of one template), ≥ 26 for different photos; mirrored 32.
    public var imageBits: Int
    /// Videos: frames match within this many pHash bits …
    public var frameBits: Int
    /// … and at least this share of aligned frames must match. Corpus: same 1.0, distinct 0.0.
    public var videoShare: Double
    /// Audio: least share of equal Chromaprint bits. Corpus: a 32 kbit/s re-encode 0.987,
    /// another text in the same voice 0.72.
    public var audioSimilarity: Double
    /// Documents: least MinHash (3-word shingles) similarity. Corpus: same ≥ 0.97 (format change,
    /// one paragraph edited), distinct ≤ 0.16 (shared boilerplate).
    public var documentSimilarity: Double

    public static let strict = SimilarityPreset(name: "strict", imageBits: 4, frameBits: 6, videoShare: 0.8,
                                                audioSimilarity: 0.92, documentSimilarity: 0.8)
    public static let `default` = SimilarityPreset(name: "default", imageBits: 10, frameBits: 10, videoShare: 0.6,
                                                   audioSimilarity: 0.85, documentSimilarity: 0.5)
    public static let loose = SimilarityPreset(name: "loose", imageBits: 16, frameBits: 14, videoShare: 0.5,
                                               audioSimilarity: 0.78, documentSimilarity: 0.3)
    public static let all = [strict, `default`, loose]

    public static func named(_ name: String) -> SimilarityPreset? { all.first { $0.name == name } }
}
