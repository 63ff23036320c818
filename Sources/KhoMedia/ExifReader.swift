import CExif
import Foundation

/// The photo facts kho shows for now. The extraction issue widens this to GPS, lens, exposure.
public struct ExifFacts: Equatable, Sendable {
    public var make: String?
    public var model: String?
    /// As recorded: "YYYY:MM:DD HH:MM:SS" (camera local time).
    public var dateTaken: String?
    /// 1…8, EXIF's orientation codes.
    public var orientation: Int?
    public var isEmpty: Bool { make == nil && model == nil && dateTaken == nil && orientation == nil }

    /// The facts as catalogue key/value pairs.
    public var pairs: [(String, String)] {
        var out: [(String, String)] = []
        if let make { out.append(("exif.make", make)) }
        if let model { out.append(("exif.model", model)) }
        if let dateTaken { out.append(("exif.date_taken", dateTaken)) }
        if let orientation { out.append(("exif.orientation", String(orientation))) }
        return out
    }
}

/// Reads EXIF from the leading bytes of a JPEG with libexif. Damaged EXIF yields what can be read.
public enum ExifReader {
    public static func read(_ bytes: [UInt8]) -> ExifFacts {
        guard bytes.count > 4, let data = bytes.withUnsafeBufferPointer({ exif_data_new_from_data($0.baseAddress, UInt32($0.count)) }) else {
            return ExifFacts()
        }
        defer { exif_data_unref(data) }
        var facts = ExifFacts()
        facts.make = string(data, EXIF_TAG_MAKE)
        facts.model = string(data, EXIF_TAG_MODEL)
        facts.dateTaken = string(data, EXIF_TAG_DATE_TIME_ORIGINAL)
        if let entry = entry(data, EXIF_TAG_ORIENTATION), entry.pointee.format == EXIF_FORMAT_SHORT,
           entry.pointee.size >= 2, let raw = entry.pointee.data {
            let value = Int(exif_get_short(raw, exif_data_get_byte_order(data)))
            if (1...8).contains(value) { facts.orientation = value }
        }
        return facts
    }

    private static func entry(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag) -> UnsafeMutablePointer<ExifEntry>? {
        withUnsafeBytes(of: data.pointee.ifd) { raw in
            for content in raw.bindMemory(to: UnsafeMutablePointer<ExifContent>?.self) {
                if let content, let found = exif_content_get_entry(content, tag) { return found }
            }
            return nil
        }
    }

    /// An ASCII tag's text, trimmed; nil when absent, empty or not text.
    private static func string(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag) -> String? {
        guard let e = entry(data, tag), e.pointee.format == EXIF_FORMAT_ASCII, let raw = e.pointee.data else { return nil }
        let bytes = UnsafeBufferPointer(start: raw, count: Int(e.pointee.size)).prefix { $0 != 0 }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}

