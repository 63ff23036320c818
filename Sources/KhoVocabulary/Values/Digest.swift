/// A SHA-256 content digest, held as 64 lower-case hex characters — the object's name.
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let hex: String

    /// Accepts exactly 64 hex characters, any case; stores lower case.
    public init?(hex: String) {
        let lower = hex.lowercased()
        guard lower.utf8.count == 64, lower.utf8.allSatisfy(Digest.isHexDigit) else { return nil }
        self.hex = lower
    }

    /// The digest of these 32 bytes (a hash function's output), as hex.
    public init<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        self.hex = bytes.map { byte in
            let s = String(byte, radix: 16)
            return byte < 16 ? "0" + s : s
        }.joined()
    }

    /// The first 12 hex characters: what people read and type.
    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }
    public static func < (a: Digest, b: Digest) -> Bool { a.hex < b.hex }

    /// True for a plausible abbreviation a person may type (4 to 64 hex characters).
    public static func isPrefix(_ text: String) -> Bool {
        (4...64).contains(text.utf8.count) && text.utf8.allSatisfy(isHexDigit)
    }

    static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }
}
