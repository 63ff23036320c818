import Foundation
import KhoVocabulary
import KhoMedia

/// A scanned page or a poster without text of its own is read by Tesseract — if its pixels
/// decoded at all (what libvips cannot decode, Tesseract's reader cannot either, and trying costs
/// a child process per file). Ingest and `kho extract` both call it, so extracting again keeps
/// the text OCR found.
enum PictureOCR {
    /// Content types whose pictures hold text worth reading.
    static let contentTypes: Set<ContentType> = [.scan, .graphic]

    /// Reads the picture at `path` into `x` when it should be; true when text was found.
    static func read(_ x: inout Extraction, path: String, contentType: ContentType?, decodable: Bool,
                     enabled: Bool, timeout: Double) -> Bool {
        guard enabled, let contentType, contentTypes.contains(contentType), decodable, (x.text ?? "").isEmpty, OCR.available,
              case .success(let text) = OCR.image(path: path, timeout: timeout),
              text.filter(\.isLetter).count >= 20 else { return false }
        x.text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        x.textOrigin = .ocr
        x.notes.append("text read by OCR (Tesseract, vie+eng)")
        return true
    }
}
