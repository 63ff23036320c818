import Foundation
import KhoVocabulary

/// Chooses the extractor for a content type. `head` holds the first bytes of the file (all of it
/// for small files); `path` a file with exactly those bytes.
public enum Extractor {
    public static func extract(path: String, mime: String, head: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> Extraction {
        switch mime {
        case "image/jpeg": return ExifReader.extraction(head, path: path, limits: limits)
        case "image/png": return PNGText.extract(path: path)
        case "image/webp": return WebPMetadata.extract(path: path)
        case "image/svg+xml", "image/svg": return SVGText.extract(path: path, limits: limits)
        case "image/tiff", "image/heic", "image/heif": return ExifTool.extract(path: path, limits: limits)
        case "text/plain", "text/markdown", "text/csv", "text/x-tex", "text/rtf":
            return PlainText.extract(path: path, limits: limits)
        case "text/html", "application/xhtml+xml": return HTMLText.extract(path: path, limits: limits)
        case "application/pdf": return PDFText.extract(path: path, limits: limits)
        case "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.ms-office", "application/CDFV2":
            return LegacyOfficeText.extract(path: path, mime: mime, limits: limits)
        default:
            if mime.hasPrefix("application/vnd.openxmlformats-officedocument.") || mime.hasPrefix("application/vnd.oasis.opendocument.") {
                return OfficeText.extract(path: path, mime: mime, limits: limits)
            }
            if mime.hasPrefix("video/") || mime.hasPrefix("audio/") { return MediaProbe.extract(path: path, limits: limits) }
            return Extraction(status: .none)
        }
    }
}
