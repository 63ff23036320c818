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
    public var description: String?
    public var artist: String?
    public var copyright: String?
    /// Windows Explorer's XP* tags (UCS-2), by name: title, comment, author, keywords, subject.
    public var xp: [String: String] = [:]
    public var isEmpty: Bool { pairs.isEmpty }

    /// The facts as catalogue key/value pairs.
    public var pairs: [(String, String)] {
        var out: [(String, String)] = []
        if let make { out.append(("exif.make", make)) }
        if let model { out.append(("exif.model", model)) }
        if let dateTaken { out.append(("exif.date_taken", dateTaken)) }
        if let orientation { out.append(("exif.orientation", String(orientation))) }
        if let description { out.append(("exif.description", description)) }
        if let artist { out.append(("exif.artist", artist)) }
        if let copyright { out.append(("exif.copyright", copyright)) }
        for (name, value) in xp.sorted(by: { $0.key < $1.key }) { out.append(("exif.xp.\(name)", value)) }
        return out
    }

    /// "2008:10:22 16:38:20" → "2008-10-22T16:38:20"; nil for blank or zero dates.
    public var takenAtISO: String? {
        guard let d = dateTaken, d.count >= 19, !d.hasPrefix("0000") else { return nil }
        let c = Array(d)
        guard c[4] == ":", c[7] == ":", c[10] == " " else { return nil }
        return String(c[0..<4]) + "-" + String(c[5..<7]) + "-" + String(c[8..<10]) + "T" + String(c[11..<19])
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
        facts.description = string(data, EXIF_TAG_IMAGE_DESCRIPTION)
        facts.artist = string(data, EXIF_TAG_ARTIST)
        facts.copyright = string(data, EXIF_TAG_COPYRIGHT)
        let xpTags: [(String, UInt32)] = [("title", 0x9C9B), ("comment", 0x9C9C), ("author", 0x9C9D), ("keywords", 0x9C9E), ("subject", 0x9C9F)]
        for (name, tag) in xpTags {
            if let value = ucs2(data, ExifTag(rawValue: tag)) { facts.xp[name] = value }
        }
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

    /// An ASCII tag's text, trimmed; nil when absent, empty or not text. Cameras and editors put
    /// UTF-8 in these fields although EXIF says ASCII; other bytes are read as Latin-1.
    private static func string(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag) -> String? {
        guard let e = entry(data, tag), e.pointee.format == EXIF_FORMAT_ASCII, let raw = e.pointee.data else { return nil }
        let bytes = Array(UnsafeBufferPointer(start: raw, count: Int(e.pointee.size)).prefix { $0 != 0 })
        let decoded = String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
        let text = decoded.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// A Windows XP* tag: UCS-2 little-endian in a BYTE array, NUL-terminated.
    private static func ucs2(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag) -> String? {
        guard let e = entry(data, tag), let raw = e.pointee.data, e.pointee.size >= 2 else { return nil }
        let bytes = UnsafeBufferPointer(start: raw, count: Int(e.pointee.size))
        var units: [UInt16] = []
        var i = 0
        while i + 1 < bytes.count {
            let u = UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
            if u == 0 { break }
            units.append(u)
            i += 2
        }
        let text = String(decoding: units, as: UTF16.self).trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }

    /// EXIF as an extraction: the facts, the date taken, and the description as a title.
    public static func extraction(_ bytes: [UInt8]) -> Extraction {
        let facts = read(bytes)
        var e = Extraction(status: facts.isEmpty ? .none : .ok)
        for (key, value) in facts.pairs { e.fact(key, value) }
        e.takenAt = facts.takenAtISO
        e.title = facts.xp["title"]
        return e
    }
}

