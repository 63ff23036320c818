import Foundation
import KhoVocabulary

extension Extraction {
    mutating func fact(_ key: String, _ value: String?) {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return }
        facts.append(Fact(key, value))
    }

    static func failed(_ note: String) -> Extraction {
        var e = Extraction(status: .failed)
        e.notes = [note]
        return e
    }

    /// Caps text at the limit (cutting at a character boundary) and records that it did.
    mutating func setText(_ text: String, limits: ExtractionLimits) {
        if text.utf8.count > limits.maxTextBytes {
            var cut = text.utf8.prefix(limits.maxTextBytes)
            while !cut.isEmpty, String(cut) == nil { cut = cut.dropLast() }
            self.text = String(cut) ?? ""
            truncated = true
            warn("text cut at \(limits.maxTextBytes / 1_000_000) MB")
        } else {
            self.text = text
        }
    }
}

/// Bounds on extraction, enforced before the expensive work (inflating, running tools).
public struct ExtractionLimits: Sendable {
    /// Text kept per item.
    public var maxTextBytes = 4_000_000
    /// A zip member (an OOXML or ODF part) may inflate to at most this…
    public var maxEntryBytes: UInt64 = 64 << 20
    /// …and all the members read from one file together to at most this.
    public var maxInflatedBytes: UInt64 = 256 << 20
    /// Every external tool (pdftotext, antiword, ffprobe …) is killed after this many seconds.
    public var toolTimeout = 30.0
    /// Read pages without a text layer with Tesseract (vie+eng).
    public var ocr = true
    /// With `ocr`: do not read the pages now — mark the scan needs-ocr, "queued for OCR" (ingest
    /// queues it, so that a drop of files is findable before Tesseract has read a page).
    public var ocrLater = false
    /// OCR reads at most this many pages of a document …
    public var ocrPages = 20
    /// … and stops after this many seconds in all.
    public var ocrSeconds = 300.0
    public init(ocr: Bool = true) { self.ocr = ocr }
}
