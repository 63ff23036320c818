import CKhoPixels
import Foundation
import KhoVocabulary

/// A picture reduced to a small square of grey pixels by libvips — the input of perceptual
/// hashes — or to a thumbnail of its own shape (`fit`), for its statistics. Shrink-on-load (a JPEG is decoded at 1/8 scale when that is enough), turned upright
/// by its EXIF orientation, the header's dimensions checked before a single pixel is decoded.
public enum ImagePixels {
    public struct Grey: Sendable, Equatable {
        public let columns: Int
        public let rows: Int
        /// columns × rows bytes, row by row.
        public let pixels: [UInt8]
        /// As stored (before the orientation is applied).
        public let width: Int
        public let height: Int
        public let orientation: Int
        /// Set when the picture's data is damaged: what the decoder said; the pixels are what decodes.
        public var damage: String?
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unreadable(String)
        case tooLarge(width: Int, height: Int, limit: Int64)
        case decodeFailed(String)
        public var description: String {
            switch self {
            case .unreadable(let m): return "the picture cannot be read: \(m)"
            case .tooLarge(let w, let h, let limit):
                return "\(w)×\(h) pixels is more than the \(limit / 1_000_000)-megapixel limit: not decoded (a decompression bomb, or a scan to shrink first)"
            case .decodeFailed(let m): return "the picture's data could not be decoded (damaged, or too slow to decode): \(m)"
            }
        }
    }

    /// libvips is loaded and started once per process, when the first picture is decoded (see
    /// CKhoPixels: commands that never decode never load it). Nil, or why it could not start.
    static let startFailure: String? = {
        var err = [CChar](repeating: 0, count: 512)
        guard kho_pixels_start(&err, Int32(err.count)) != 0 else { return nil }
        return String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
    private static var started: Bool { startFailure == nil }

    /// Whether libvips generates code at run time (liborc); kho starts it with that off (see CKhoPixels).
    public static var generatesCode: Bool { started && kho_pixels_codegen() == 1 }

    /// Decodes strictly first; a picture whose data is damaged is decoded again leniently, its
    /// readable part kept and the damage reported.
    /// `side`: the square the pixels are squeezed to — or, with `fit`, fitted inside (shape kept, never enlarged).
    public static func grey(path: String, side: Int = 32, fit: Bool = false, maxPixels: Int64 = 250_000_000,
                            timeout: Double = 20) -> Result<Grey, Failure> {
        decoded(path: path, side: side, fit: fit, square: 0, maxPixels: maxPixels, timeout: timeout).map(\.grey)
    }

    /// One decode, two sizes: the picture fitted inside `side`×`side` (for its statistics) and
    /// squeezed from that to `square`×`square` (for its perceptual hash). The entropy decoding of a
    /// large JPEG is most of the cost, even shrunk on load: done once, not once per use.
    public static func fittedAndSquare(path: String, side: Int = 256, square: Int = 32, maxPixels: Int64 = 250_000_000,
                                       timeout: Double = 20) -> Result<(fitted: Grey, square: Grey), Failure> {
        decoded(path: path, side: side, fit: true, square: square, maxPixels: maxPixels, timeout: timeout).map { ($0.grey, $0.square!) }
    }

    private static func decoded(path: String, side: Int, fit: Bool, square: Int, maxPixels: Int64,
                                timeout: Double) -> Result<(grey: Grey, square: Grey?), Failure> {
        let strict = decode(path: path, side: side, fit: fit, square: square, maxPixels: maxPixels, timeout: timeout, strict: true)
        guard case .failure(.decodeFailed(let reason)) = strict else { return strict }
        let lenient = decode(path: path, side: side, fit: fit, square: square, maxPixels: maxPixels, timeout: timeout, strict: false)
        guard case .success(var both) = lenient else { return lenient }
        both.grey.damage = reason
        both.square?.damage = reason
        return .success(both)
    }

    static func decode(path: String, side: Int, fit: Bool, square: Int, maxPixels: Int64, timeout: Double,
                       strict: Bool) -> Result<(grey: Grey, square: Grey?), Failure> {
        if let startFailure { return .failure(.unreadable(startFailure)) }
        var out = [UInt8](repeating: 0, count: side * side)
        var squareOut = [UInt8](repeating: 0, count: max(1, square * square))
        var columns: Int32 = 0, rows: Int32 = 0, width: Int32 = 0, height: Int32 = 0, orientation: Int32 = 1
        var err = [CChar](repeating: 0, count: 512)
        let status = kho_pixels_grey(path, Int32(side), fit ? 1 : 0, Int32(square), maxPixels, timeout, strict ? 1 : 0, &out,
                                     &columns, &rows, &squareOut, &width, &height, &orientation, &err, Int32(err.count))
        // libvips may say several lines; the first names the trouble.
        let message = said(err, about: path)
        switch status {
        case 0:
            let grey = Grey(columns: Int(columns), rows: Int(rows), pixels: Array(out.prefix(Int(columns * rows))),
                            width: Int(width), height: Int(height), orientation: Int(orientation), damage: nil)
            let squared = square > 0 ? Grey(columns: square, rows: square, pixels: squareOut, width: grey.width,
                                            height: grey.height, orientation: grey.orientation, damage: nil) : nil
            return .success((grey, squared))
        case 2: return .failure(.tooLarge(width: Int(width), height: Int(height), limit: maxPixels))
        case 1: return .failure(.unreadable(message.isEmpty ? "unknown format" : message))
        default: return .failure(.decodeFailed(message.isEmpty ? "decoder stopped" : message))
        }
    }

    /// What libvips said (its first line names the trouble), without the path kho gave it.
    static func said(_ err: [CChar], about path: String) -> String {
        let text = String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "" : ExternalTool.firstLine(text, hiding: path)
    }
}
