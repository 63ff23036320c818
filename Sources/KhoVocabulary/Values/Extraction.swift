/// What the extractors found in one file: plain values, no database.
public struct Extraction: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case ok
        /// Something was read; `notes` says what was not.
        case partial
        case failed
        /// A document without a text layer: only OCR can read it.
        case needsOCR = "needs-ocr"
        /// Nothing to extract from this type.
        case none
    }

    public struct Fact: Sendable, Equatable, Hashable {
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
    public var textOrigin = TextOrigin.text

    public init(status: Status = .ok) { self.status = status }

    public mutating func warn(_ note: String) {
        notes.append(note)
        if status == .ok { status = .partial }
    }
}

/// Where an item's text came from.
public enum TextOrigin: String, Sendable, Codable, CaseIterable {
    /// Read from the file itself (a text layer, a document's XML).
    case text
    /// Recognised in page or picture images by Tesseract.
    case ocr
}
