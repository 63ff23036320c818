import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia

/// Fingerprints between the media layer and the catalogue: computed for a stored file, kept as
/// records, and turned back into values for comparison.
enum Fingerprints {
    /// The fingerprint of one stored object: pixels, frames or sound from the file, MinHash from
    /// the extracted text (its words folded, as search folds them).
    static func compute(path: String, kind: MediaKind, text: String?, duration: Double?,
                        limits: Fingerprinter.Limits = Fingerprinter.Limits()) -> Fingerprint? {
        let value: Fingerprint?
        if kind == .document {
            value = text.flatMap { Fingerprinter.document(words: words(of: $0)) }
        } else {
            value = Fingerprinter.fingerprint(path: path, kind: kind, duration: duration, limits: limits)
        }
        return value
    }

    /// Lower case, no diacritics, đ → d: "Chuyển đổi số" and "chuyen doi so" are the same words.
    static func words(of text: String) -> [String] {
        text.split { !$0.isLetter && !$0.isNumber }.map { VietnameseText.folded(VietnameseText.nfc(String($0))) }
    }
}
