import Foundation
import KhoVocabulary

/// Computes fingerprints from stored files. Pure: a file (or text) in, a value out.
public enum Fingerprinter {
    public struct Limits: Sendable {
        /// Pictures with more pixels are refused before decoding.
        public var maxPixels: Int64 = 250_000_000
        /// libvips decodes in this process: the pixel limit bounds its memory (a 250-megapixel
        /// picture is streamed, shrunk on load where the format allows), the deadline its time.
        public var imageTimeout = 20.0
        /// ffmpeg and fpcalc are stopped after this long …
        public var toolTimeout = 120.0
        /// … and may not allocate more than this.
        public var toolMemory = 1 << 30
        /// A video contributes at most this many frames (long videos are sampled more sparsely).
        public var maxFrames = 600
        /// Audio is fingerprinted over its first this-many seconds.
        public var audioSeconds = 600
        public init() {}
    }

    /// The fingerprint of an image, video or audio file. Documents: `document(words:)`.
    public static func fingerprint(path: String, kind: MediaKind, duration: Double?, limits: Limits = Limits()) -> Fingerprint? {
        switch kind {
        case .image: return image(path: path, limits: limits)
        case .video: return VideoFrames.fingerprint(path: path, duration: duration, limits: limits)
        case .audio: return AudioPrint.fingerprint(path: path, limits: limits)
        default: return nil
        }
    }

    public static func image(path: String, limits: Limits = Limits()) -> Fingerprint {
        imageAndStatistics(path: path, limits: limits).fingerprint
    }

    /// The picture's fingerprint and, from the same decode, its statistics (nil when it did not
    /// decode): the pHash is taken from the 32×32 square squeezed from the 256-px thumbnail the
    /// statistics measure (fingerprint version 2; version 1 decoded the file once more for it).
    public static func imageAndStatistics(path: String, limits: Limits = Limits()) -> (fingerprint: Fingerprint, statistics: PictureStatistics?) {
        switch ImagePixels.fittedAndSquare(path: path, side: PictureStatistics.side, square: 32, maxPixels: limits.maxPixels,
                                           timeout: limits.imageTimeout) {
        case .success(let decoded):
            let grey = decoded.square
            var f = Fingerprint(method: .phash, status: .ok)
            f.hash = PerceptualHash.phash(grey)
            // Orientations 5–8 turn the picture a quarter: its upright size is the other way round.
            let turned = (5...8).contains(grey.orientation)
            f.width = turned ? grey.height : grey.width
            f.height = turned ? grey.width : grey.height
            if let damage = grey.damage {
                f.note = "the picture's data is damaged (\(damage.split(separator: "\n").first ?? "")); hashed what decodes"
            }
            f.greyLevels = Set(grey.pixels).count
            f.whiteShare = Double(grey.pixels.filter { $0 >= 200 }.count) / Double(grey.pixels.count)
            return (f, PictureStatistics(decoded.fitted))
        case .failure(let failure):
            var f: Fingerprint
            if case .unreadable(let m) = failure, m.hasSuffix("operation is blocked") {
                // libvips's loaders for SVG, PDF and the like are not hardened for hostile input: not run.
                return (Fingerprint(method: .phash, status: .refused, note: "not decoded: kho does not run this format's decoder on untrusted files"), nil)
            }
            if case .tooLarge(let w, let h, _) = failure {
                f = Fingerprint(method: .phash, status: .refused, note: failure.description)
                f.width = w
                f.height = h
            } else {
                f = Fingerprint(method: .phash, status: .failed, note: failure.description)
            }
            return (f, nil)
        }
    }

    /// MinHash of a document's words (already folded: lower case, no diacritics).
    public static func document(words: [String]) -> Fingerprint? {
        guard words.count >= 3 else { return nil }
        var f = Fingerprint(method: .minhash, status: .ok)
        f.sequence = MinHash.signature(words: words)
        return f
    }
}
