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

    /// Whether the picture at hand should be read: a graphic or scan, pixels that decode, no text yet.
    static func wanted(_ x: Extraction, contentType: ContentType?, decodable: Bool, enabled: Bool) -> Bool {
        guard enabled, let contentType, contentTypes.contains(contentType), decodable, (x.text ?? "").isEmpty else { return false }
        return OCR.available
    }

    /// Reads the picture at `path` into `x` when it should be; true when text was found.
    static func read(_ x: inout Extraction, path: String, contentType: ContentType?, decodable: Bool,
                     enabled: Bool, timeout: Double) -> Bool {
        guard wanted(x, contentType: contentType, decodable: decodable, enabled: enabled),
              case .success(let text) = OCR.image(path: path, timeout: timeout), let found = usable(text) else { return false }
        x.text = found
        x.textOrigin = .ocr
        x.notes.append(note)
        return true
    }

    /// What Tesseract read, when it is text at all (a photo yields a few stray letters).
    static func usable(_ text: String) -> String? {
        text.filter(\.isLetter).count >= 20 ? text.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    static let note = "text read by OCR (Tesseract, vie+eng)"
}
