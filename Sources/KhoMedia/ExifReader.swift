import CExif
import Foundation
import KhoVocabulary

/// The photo facts kho shows for now. The extraction issue widens this to GPS, lens, exposure.
public struct ExifFacts: Equatable, Sendable {
    public init(make: String? = nil, model: String? = nil, dateTaken: String? = nil, orientation: Int? = nil) {
        self.make = make; self.model = model; self.dateTaken = dateTaken; self.orientation = orientation
    }

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
    /// "+07:00" (OffsetTimeOriginal), when the camera recorded its time zone.
    public var offset: String?
    public var lens: String?
    /// Seconds, f-number, ISO, millimetres.
    public var exposureTime: Double?
    public var fNumber: Double?
    public var iso: Int?
    public var focalLength: Double?
    /// Signed decimal degrees (south and west negative) and metres (below sea level negative).
    public var latitude: Double?
    public var longitude: Double?
    public var altitude: Double?
    /// The pixels' real size from the JPEG frame header — not EXIF's copy, which editors leave stale.
    public var width: Int?
    public var height: Int?
    public var isEmpty: Bool { pairs.isEmpty }

    public static func == (a: ExifFacts, b: ExifFacts) -> Bool { a.pairs.map { "\($0)=\($1)" } == b.pairs.map { "\($0)=\($1)" } }

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
        if let offset { out.append(("exif.offset", offset)) }
        if let lens { out.append(("exif.lens", lens)) }
        if let exposureTime { out.append(("exif.exposure_time", ExifFacts.number(exposureTime))) }
        if let fNumber { out.append(("exif.f_number", ExifFacts.number(fNumber))) }
        if let iso { out.append(("exif.iso", String(iso))) }
        if let focalLength { out.append(("exif.focal_length", ExifFacts.number(focalLength))) }
        if let latitude { out.append(("gps.latitude", ExifFacts.number(latitude))) }
        if let longitude { out.append(("gps.longitude", ExifFacts.number(longitude))) }
        if let altitude { out.append(("gps.altitude", ExifFacts.number(altitude))) }
        if let width { out.append(("image.width", String(width))) }
        if let height { out.append(("image.height", String(height))) }
        return out
    }

    /// Shortest text that reads back as the same Double ("0.00625", "43.46744833333333").
    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// What is damaged in the EXIF block, in plain words: what libexif reported as corrupt, and what
    /// a check of its structure found (see `ExifReader.Complaints`).
    public var problems: [String] = []
    /// The camera left a maker note: vendor data that may hold what EXIF's own tags lack.
    public var hasMakerNote = false

    /// Fills what is missing from exiftool's reading (never overrides what libexif read).
    mutating func fill(from tags: ExifTool.Tags) {
        make = make ?? tags.Make.flatMap(Self.nonBlank)
        model = model ?? tags.Model.flatMap(Self.nonBlank)
        dateTaken = dateTaken ?? tags.DateTimeOriginal.flatMap(Self.nonBlank)
        offset = offset ?? tags.OffsetTimeOriginal
        orientation = orientation ?? tags.Orientation.flatMap { (1...8).contains($0) ? $0 : nil }
        if latitude == nil, longitude == nil, let lat = tags.GPSLatitude, let lon = tags.GPSLongitude {
            latitude = lat
            longitude = lon
        }
        altitude = altitude ?? tags.GPSAltitude
    }

    private static func nonBlank(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    /// "2008:10:22 16:38:20" → "2008-10-22T16:38:20"; nil for blank or zero dates.
    public var takenAtISO: String? {
        guard let d = dateTaken, d.count >= 19, !d.hasPrefix("0000") else { return nil }
        let c = Array(d)
        guard c[4] == ":", c[7] == ":", c[10] == " " else { return nil }
        let base = String(c[0..<4]) + "-" + String(c[5..<7]) + "-" + String(c[8..<10]) + "T" + String(c[11..<19])
        if let offset, offset.range(of: #"^[+-]\d{2}:\d{2}$"#, options: .regularExpression) != nil { return base + offset }
        return base
    }
}

/// Reads EXIF from the leading bytes of a JPEG with libexif. Damaged EXIF yields what can be read.
public enum ExifReader {
    public static func read(_ bytes: [UInt8]) -> ExifFacts {
        var facts = readTags(bytes)
        if let (w, h) = JPEGFrame.size(bytes) { facts.width = w; facts.height = h }
        // What EXIF lacks, XMP may hold (exiftool, the reference, prefers EXIF the same way).
        let xmp = XMPReader.properties(jpeg: bytes)
        if !xmp.isEmpty {
            facts.make = facts.make ?? xmp["tiff:Make"]
            facts.model = facts.model ?? xmp["tiff:Model"]
            facts.orientation = facts.orientation ?? xmp["tiff:Orientation"].flatMap { Int($0) }.flatMap { (1...8).contains($0) ? $0 : nil }
            facts.description = facts.description ?? xmp["dc:description"]
            facts.copyright = facts.copyright ?? xmp["dc:rights"]
            if facts.xp["title"] == nil, let title = xmp["dc:title"] { facts.xp["title"] = title }
            if facts.xp["keywords"] == nil, let subject = xmp["dc:subject"] { facts.xp["keywords"] = subject }
            if facts.dateTaken == nil, let (date, offset) = xmp["exif:DateTimeOriginal"].flatMap(XMPReader.date) {
                facts.dateTaken = date
                facts.offset = facts.offset ?? offset
            }
            if facts.latitude == nil, facts.longitude == nil,
               let lat = xmp["exif:GPSLatitude"].flatMap(XMPReader.coordinate), let lon = xmp["exif:GPSLongitude"].flatMap(XMPReader.coordinate) {
                facts.latitude = lat
                facts.longitude = lon
            }
        }
        return facts
    }

    /// Collects libexif's complaints during one read: corrupt data, and the debug notes that reveal
    /// a damaged structure (a block loaded twice, a value libexif had to fix) — the files in the
    /// corpus's images/broken/ are damaged in ways libexif reads past without calling them corrupt.
    private final class Complaints {
        var messages: [String] = []
        /// Where each sub-block (EXIF 0x8769, GPS 0x8825, Interoperability 0xa005) was found.
        var subBlocks: [UInt32: [Int]] = [:]

        func add(_ message: String) { if messages.count < 10, !messages.contains(message) { messages.append(message) } }

        func heard(code: ExifLogCode, _ message: String) {
            if code == EXIF_LOG_CODE_CORRUPT_DATA {
                // A JPEG without EXIF (a screenshot, an export) is not damaged.
                if !message.hasPrefix("EXIF marker not found") { add(message) }
                return
            }
            // "Sub-IFD entry 0x8825 ('(null)') at 340."
            if message.hasPrefix("Sub-IFD entry 0x"), let tagEnd = message.dropFirst(16).firstIndex(of: " "),
               let tag = UInt32(message[message.index(message.startIndex, offsetBy: 16)..<tagEnd], radix: 16),
               let atRange = message.range(of: " at ", options: .backwards),
               let offset = Int(message[atRange.upperBound...].prefix { $0.isNumber }) {
                subBlocks[tag, default: []].append(offset)
            } else if message.contains("multiple times detected") {
                // "Attempt to load IFD 'Interoperability' multiple times detected. Skipping..."
                let name = message.split(separator: "'").dropFirst().first.map(String.init) ?? "one"
                add("the \(name) block is linked twice")
            } else if message.contains("does not start with a format identifier") {
                let name = message.split(separator: "'").dropFirst().first.map(String.init) ?? "a comment"
                add("\(name) lacks its character-set marker")
            } else if message.contains("against specification") {
                add(message.replacingOccurrences(of: " and has been changed", with: "; read as"))
            }
        }

        /// Problems only visible once the whole structure is loaded.
        func checkStructure(_ data: UnsafeMutablePointer<ExifData>) {
            if let gps = subBlocks[0x8825]?.first, subBlocks[0x8769]?.contains(gps) == true {
                add("the GPS block points at the camera-settings block, so it holds no GPS data")
            }
            // Version tags are 4 bytes of type UNDEFINED ("0230"); some writers store them as text.
            let versions: [(ExifIfd, UInt32, String)] = [
                (EXIF_IFD_EXIF, 0x9000, "ExifVersion"), (EXIF_IFD_EXIF, 0xA000, "FlashpixVersion"),
                (EXIF_IFD_EXIF, 0x9101, "ComponentsConfiguration"), (EXIF_IFD_INTEROPERABILITY, 0x0002, "InteroperabilityVersion"),
            ]
            for (ifd, tag, name) in versions {
                guard let e = ExifReader.entry(data, ExifTag(rawValue: tag), ifd: ifd) else { continue }
                // A wrong type misleads parsers that trust it; a short count of the right type (some
                // Kodak cameras write 3 bytes of ComponentsConfiguration) is harmless and not reported.
                if e.pointee.format != EXIF_FORMAT_UNDEFINED {
                    add(e.pointee.format == EXIF_FORMAT_ASCII ? "\(name) is stored as text instead of 4 bytes"
                        : "\(name) is stored with the wrong type (\(e.pointee.format.rawValue))")
                }
            }
        }
    }

    static func readTags(_ bytes: [UInt8]) -> ExifFacts {
        guard bytes.count > 4, let data = exif_data_new() else { return ExifFacts() }
        defer { exif_data_unref(data) }
        let complaints = Complaints()
        let log = exif_log_new()
        defer { if let log { exif_log_unref(log) } }
        if let log {
            exif_log_set_func(log, { _, code, _, format, args, context in
                guard let format, let args, let context else { return }
                // Most debug notes ("Loading entry …") say nothing about damage: skip them unformatted.
                guard code == EXIF_LOG_CODE_CORRUPT_DATA || strncmp(format, "Sub-IFD", 7) == 0
                    || strstr(format, "multiple times") != nil || strstr(format, "against specification") != nil
                    || strstr(format, "format identifier") != nil else { return }
                var buffer = [CChar](repeating: 0, count: 256)
                _ = vsnprintf(&buffer, buffer.count, format, args)
                Unmanaged<Complaints>.fromOpaque(context).takeUnretainedValue().heard(code: code, String(cString: buffer))
            }, Unmanaged.passUnretained(complaints).toOpaque())
            exif_data_log(data, log)
        }
        bytes.withUnsafeBufferPointer { exif_data_load_data(data, $0.baseAddress, UInt32($0.count)) }
        complaints.checkStructure(data)
        var facts = withExtendedLifetime(complaints) { readLoaded(data) }
        facts.problems = complaints.messages
        return facts
    }

    private static func readLoaded(_ data: UnsafeMutablePointer<ExifData>) -> ExifFacts {
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
        facts.hasMakerNote = entry(data, EXIF_TAG_MAKER_NOTE) != nil
        facts.offset = string(data, EXIF_TAG_OFFSET_TIME_ORIGINAL)
        facts.lens = string(data, EXIF_TAG_LENS_MODEL)
        let order = exif_data_get_byte_order(data)
        facts.exposureTime = rationals(data, EXIF_TAG_EXPOSURE_TIME, order)?.first
        facts.fNumber = rationals(data, EXIF_TAG_FNUMBER, order)?.first
        facts.focalLength = rationals(data, EXIF_TAG_FOCAL_LENGTH, order)?.first
        if let e = entry(data, EXIF_TAG_ISO_SPEED_RATINGS), e.pointee.format == EXIF_FORMAT_SHORT, e.pointee.size >= 2, let raw = e.pointee.data {
            facts.iso = Int(exif_get_short(raw, order))
        }
        // GPS tag numbers collide with other IFDs' (2 is also InteroperabilityVersion): look only in the GPS IFD.
        if let dms = rationals(data, ExifTag(rawValue: 2), order, ifd: EXIF_IFD_GPS), dms.count == 3 {
            let sign: Double = string(data, ExifTag(rawValue: 1), ifd: EXIF_IFD_GPS)?.uppercased() == "S" ? -1 : 1
            facts.latitude = sign * (dms[0] + dms[1] / 60 + dms[2] / 3600)
        }
        if let dms = rationals(data, ExifTag(rawValue: 4), order, ifd: EXIF_IFD_GPS), dms.count == 3 {
            let sign: Double = string(data, ExifTag(rawValue: 3), ifd: EXIF_IFD_GPS)?.uppercased() == "W" ? -1 : 1
            facts.longitude = sign * (dms[0] + dms[1] / 60 + dms[2] / 3600)
        }
        if let meters = rationals(data, ExifTag(rawValue: 6), order, ifd: EXIF_IFD_GPS)?.first {
            var below = false
            if let e = entry(data, ExifTag(rawValue: 5), ifd: EXIF_IFD_GPS), e.pointee.size >= 1, let raw = e.pointee.data { below = raw[0] == 1 }
            facts.altitude = below ? -meters : meters
        }
        if let entry = entry(data, EXIF_TAG_ORIENTATION), entry.pointee.format == EXIF_FORMAT_SHORT,
           entry.pointee.size >= 2, let raw = entry.pointee.data {
            let value = Int(exif_get_short(raw, exif_data_get_byte_order(data)))
            if (1...8).contains(value) { facts.orientation = value }
        }
        return facts
    }

    /// The entry for `tag` in one IFD, or in IFD0, EXIF and Interoperability when `ifd` is nil.
    fileprivate static func entry(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag, ifd: ExifIfd? = nil) -> UnsafeMutablePointer<ExifEntry>? {
        withUnsafeBytes(of: data.pointee.ifd) { raw in
            let contents = raw.bindMemory(to: UnsafeMutablePointer<ExifContent>?.self)
            let wanted = ifd.map { [Int($0.rawValue)] } ?? [Int(EXIF_IFD_0.rawValue), Int(EXIF_IFD_EXIF.rawValue), Int(EXIF_IFD_1.rawValue)]
            for index in wanted where index < contents.count {
                if let content = contents[index], let found = exif_content_get_entry(content, tag) { return found }
            }
            return nil
        }
    }

    /// A rational tag's values as Doubles (nil when absent, of another type, or dividing by zero).
    /// SRATIONAL is read too: some phones (an HMD/Nokia of 2022) write GPS that way although the
    /// standard says RATIONAL, and the readers in the field — exiftool among them — accept it.
    private static func rationals(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag, _ order: ExifByteOrder,
                                  ifd: ExifIfd? = nil) -> [Double]? {
        guard let e = entry(data, tag, ifd: ifd), e.pointee.format == EXIF_FORMAT_RATIONAL || e.pointee.format == EXIF_FORMAT_SRATIONAL,
              let raw = e.pointee.data else { return nil }
        let signed = e.pointee.format == EXIF_FORMAT_SRATIONAL
        let count = min(Int(e.pointee.components), Int(e.pointee.size) / 8)
        var values: [Double] = []
        for i in 0..<count {
            if signed {
                let r = exif_get_srational(raw + 8 * i, order)
                guard r.denominator != 0 else { return nil }
                values.append(Double(r.numerator) / Double(r.denominator))
            } else {
                let r = exif_get_rational(raw + 8 * i, order)
                guard r.denominator != 0 else { return nil }
                values.append(Double(r.numerator) / Double(r.denominator))
            }
        }
        return values.isEmpty ? nil : values
    }

    /// An ASCII tag's text, trimmed; nil when absent, empty or not text. Cameras and editors put
    /// UTF-8 in these fields although EXIF says ASCII; other bytes are read as Latin-1.
    private static func string(_ data: UnsafeMutablePointer<ExifData>, _ tag: ExifTag, ifd: ExifIfd? = nil) -> String? {
        guard let e = entry(data, tag, ifd: ifd), e.pointee.format == EXIF_FORMAT_ASCII, let raw = e.pointee.data else { return nil }
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
    public static func extraction(_ bytes: [UInt8], path: String? = nil, limits: ExtractionLimits = ExtractionLimits()) -> Extraction {
        var facts = read(bytes)
        // What libexif cannot see, exiftool (the reference reader) often can: a date only in a maker
        // note (trail cameras, some compacts), Canon's CIFF (PowerShot A5 era), Olympus' own segments,
        // EXIF placed after the tables. Asked only when camera or date is missing and the file has
        // such a segment — not for the chat-app pictures that carry none.
        if facts.make == nil || facts.model == nil || facts.dateTaken == nil, let path, JPEGFrame.hasCameraSegments(bytes),
           let tags = ExifTool.cameraTags(path: path, limits: limits) {
            facts.fill(from: tags)
        }
        var e = Extraction(status: facts.isEmpty ? .none : .ok)
        for (key, value) in facts.pairs { e.fact(key, value) }
        if !facts.problems.isEmpty {
            if e.status == .none { e.status = .ok }
            e.warn("damaged EXIF, read what could be read (" + facts.problems.joined(separator: ", ") + ")")
        }
        e.takenAt = facts.takenAtISO
        e.title = facts.xp["title"]
        return e
    }
}

