/// What kho compares to find the same picture, clip, recording or document saved again in
/// another size, quality or format. One per object; computed from the stored bytes.
public struct Fingerprint: Sendable, Equatable {
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// Images: one 64-bit pHash of the upright picture.
        case phash
        /// Videos: the pHash of one frame a second (fewer for long videos), in order.
        case frames
        /// Audio: Chromaprint's fingerprint (fpcalc -raw), 32-bit items ~8 a second.
        case chromaprint
        /// Documents: MinHash of the folded text's 3-word shingles.
        case minhash
    }

    public enum Status: String, Sendable, Codable, CaseIterable {
        case ok
        /// Not decoded on purpose (too many pixels …): `note` says why.
        case refused
        /// The decoder or tool failed: `note` says why.
        case failed
    }

    public var method: Method
    public var status: Status
    public var note: String?
    /// The image pHash.
    public var hash: UInt64?
    /// Frame pHashes (video), Chromaprint items (audio, widened), MinHash values (documents).
    public var sequence: [UInt64] = []
    /// Frames or items per second for `sequence` (video, audio).
    public var rate: Double?
    public var duration: Double?
    /// Upright pixel size (images, videos).
    public var width: Int?
    public var height: Int?
    /// Images: distinct grey levels in the thumbnail (photographs have many, drawings few) …
    public var greyLevels: Int?
    /// … and the share of near-white pixels (a scanned page is mostly paper).
    public var whiteShare: Double?
    /// How it was computed: values of one method but different versions are close, not equal
    /// (`kho fingerprint --missing` recomputes the older ones).
    public var version: Int

    public init(method: Method, status: Status, note: String? = nil) {
        self.method = method; self.status = status; self.note = note
        version = Fingerprint.currentVersion(of: method)
    }

    /// phash 2: squeezed from the 256-px thumbnail the picture statistics use (one decode);
    /// phash 1 decoded the file straight to 32×32 — the hashes differ by 0–2 bits on photographs.
    public static func currentVersion(of method: Method) -> Int { method == .phash ? 2 : 1 }

    /// Made by the current version of its method.
    public var isCurrent: Bool { version >= Fingerprint.currentVersion(of: method) }

    /// The method for a kind of content, or nil when kho does not fingerprint it.
    public static func method(for kind: MediaKind) -> Method? {
        switch kind {
        case .image: return .phash
        case .video: return .frames
        case .audio: return .chromaprint
        case .document: return .minhash
        case .archive, .other: return nil
        }
    }
}
