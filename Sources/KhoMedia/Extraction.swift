import Foundation

/// What the extractors found in one file: plain values, no database.
public struct Extraction: Sendable, Equatable {
    public enum Status: String, Sendable {
        case ok
        /// Something was read; `notes` says what was not.
        case partial
        case failed
        /// A document without a text layer: only OCR can read it.
        case needsOCR = "needs-ocr"
        /// Nothing to extract from this type.
        case none
    }

    public struct Fact: Sendable, Equatable {
        public var key: String
        public var value: String
        public init(_ key: String, _ value: String) { self.key = key; self.value = value }
    }

    public var status: Status = .ok
    public var notes: [String] = []
    public var title: String?
    public var text: String?
    public var truncated = false
    public var pages: Int?
    /// When the content was made: "YYYY-MM-DDTHH:MM:SS" plus "±HH:MM" when the offset is known.
    public var takenAt: String?
    public var facts: [Fact] = []
    /// "text" (read from the file) or "ocr" (recognised in page images by Tesseract).
    public var textOrigin = "text"

    public init(status: Status = .ok) { self.status = status }

    mutating func fact(_ key: String, _ value: String?) {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return }
        facts.append(Fact(key, value))
    }

    public mutating func warn(_ note: String) {
        notes.append(note)
        if status == .ok { status = .partial }
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
    /// OCR reads at most this many pages of a document …
    public var ocrPages = 20
    /// … and stops after this many seconds in all.
    public var ocrSeconds = 300.0
    public init(ocr: Bool = true) { self.ocr = ocr }
}
