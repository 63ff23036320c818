import CKhoPixels
import KhoVocabulary

/// WebP previews of a picture (JPEG, PNG, WebP, TIFF, HEIF, GIF), made by libvips from one decode:
/// turned upright by the EXIF orientation, fitted in PreviewSize's squares, never enlarged,
/// metadata stripped (a preview never carries the GPS position of the original). The same limits
/// as the fingerprint's decode: the header is read first and a picture over `maxPixels` is not
/// decoded; decoding stops after `timeout` seconds; libvips' untrusted loaders (SVG, PDF …) are
/// blocked.
public enum PicturePreviews {
    public struct Made: Sendable {
        public let large: [UInt8]
        public let small: [UInt8]
    }

    public static func make(path: String, maxPixels: Int64 = 250_000_000, timeout: Double = 20) -> Result<Made, ImagePixels.Failure> {
        if let failure = ImagePixels.startFailure { return .failure(.unreadable(failure)) }
        var large: UnsafeMutableRawPointer?, small: UnsafeMutableRawPointer?
        var largeSize = 0, smallSize = 0
        var err = [CChar](repeating: 0, count: 512)
        let status = kho_pixels_previews(path, Int32(PreviewSize.large.rawValue), Int32(PreviewSize.small.rawValue), maxPixels, timeout,
                                         &large, &largeSize, &small, &smallSize, &err, Int32(err.count))
        defer { kho_pixels_free(large); kho_pixels_free(small) }
        let message = ImagePixels.said(err, about: path)
        switch status {
        case 0:
            guard let large, let small else { return .failure(.decodeFailed("libvips wrote no preview")) }
            return .success(Made(large: Array(UnsafeRawBufferPointer(start: large, count: largeSize)),
                                 small: Array(UnsafeRawBufferPointer(start: small, count: smallSize))))
        case 1: return .failure(.unreadable(message.isEmpty ? "unknown format" : message))
        case 2: return .failure(.tooLarge(width: 0, height: 0, limit: maxPixels))
        default: return .failure(.decodeFailed(message.isEmpty ? "decoder stopped" : message))
        }
    }
}
