import KhoVocabulary
import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

@Suite("EXIF basics")
struct ExifReaderTests {
    @Test("one photo read in full: a Nikon with GPS")
    func nikonWithGPS() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.corpusPath("images/photos/DSCN0021.jpg"))))
        var expected = ExifFacts(make: "NIKON", model: "COOLPIX P6000", dateTaken: "2008:10:22 16:38:20", orientation: 1)
        expected.exposureTime = 0.01044932
        expected.fNumber = 4.7
        expected.iso = 64
        expected.focalLength = 16.6
        expected.latitude = 43 + 28.0 / 60 + 1.494 / 3600  // 43° 28' 1.494" N, as the camera wrote it
        expected.longitude = 11 + 53.0 / 60 + 4.338 / 3600
        expected.width = 640
        expected.height = 480
        let facts = ExifReader.read(bytes)
        #expect(ExifReaderTests.same(facts.latitude, expected.latitude))
        #expect(ExifReaderTests.same(facts.longitude, expected.longitude))
        expected.latitude = facts.latitude
        expected.longitude = facts.longitude
        #expect(facts == expected)
        #expect(facts.takenAtISO == "2008-10-22T16:38:20")
    }

    /// exiftool -n's values for the tags kho reads, as text or numbers, keyed by tag name.
    static func reference(_ files: [String], group: String) throws -> [[String: Any]] {
        // ISO from the EXIF block only: several makers also keep one in their maker notes.
        let tags = ["Make", "Model", "DateTimeOriginal", "OffsetTimeOriginal", "Orientation", "LensModel", "ExposureTime",
                    "FNumber", "EXIF:ISO", "FocalLength", "ImageDescription", "Artist", "Copyright", "XPTitle", "Title", "XPComment",
                    "XPAuthor", "XPKeywords", "XPSubject"].map { $0.contains(":") ? "-" + $0 : "-\(group)\($0)" }
            + ["-Composite:GPSLatitude", "-Composite:GPSLongitude", "-Composite:GPSAltitude", "-ImageWidth", "-ImageHeight"]
        let r = try TestSupport.run("/usr/bin/exiftool", ["-j", "-n"] + tags + files)
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    }

    static func text(_ v: Any?) -> String? {
        guard let v else { return nil }
        let s = "\(v)".trimmingCharacters(in: .whitespaces)
        return s.isEmpty ? nil : s
    }

    static func number(_ v: Any?) -> Double? { (v as? NSNumber)?.doubleValue }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return abs(x - y) <= 1e-9 * max(1, abs(y))
        default: return false
        }
    }

    @Test("every photo's facts equal exiftool -n: JPEG through libexif, TIFF and HEIF through exiftool")
    func allFactsMatchExiftool() throws {
        let all = TestSupport.regularFiles(under: TestSupport.corpusPath("images/photos"))
        let jpegs = all.filter { $0.hasSuffix(".jpg") }
        let others = all.filter { !$0.hasSuffix(".jpg") }
        #expect(others.count == 3)
        // exiftool's own choice among EXIF, XMP and maker notes, as a person running it would see.
        let reference = try Self.reference(jpegs, group: "") + (try Self.reference(others, group: ""))
        #expect(reference.count == 29)
        var gps = 0
        for ref in reference {
            let file = ref["SourceFile"] as! String
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)).prefix(4 << 20))
            var facts: ExifFacts
            if file.hasSuffix(".jpg") {
                facts = ExifReader.read(bytes)
                let e = ExifReader.extraction(bytes, path: file)
                facts.dateTaken = e.facts.first { $0.key == "exif.date_taken" }?.value
            } else {
                let e = Extractor.extract(path: file, mime: file.hasSuffix(".heif") ? "image/heic" : "image/tiff", head: bytes)
                let pairs = Dictionary(uniqueKeysWithValues: e.facts.map { ($0.key, $0.value) })
                var f = ExifFacts()
                f.make = pairs["exif.make"]; f.model = pairs["exif.model"]; f.dateTaken = pairs["exif.date_taken"]
                f.orientation = pairs["exif.orientation"].flatMap { Int($0) }
                f.width = pairs["image.width"].flatMap { Int($0) }; f.height = pairs["image.height"].flatMap { Int($0) }
                f.latitude = pairs["gps.latitude"].flatMap { Double($0) }; f.longitude = pairs["gps.longitude"].flatMap { Double($0) }
                facts = f
                #expect(ref["ExposureTime"] == nil && ref["Artist"] == nil, "\(file) has more tags than this comparison reads")
            }
            #expect(facts.make == Self.text(ref["Make"]), "\(file)")
            #expect(facts.model == Self.text(ref["Model"]), "\(file)")
            // The Reconyx trail camera keeps its date only in its maker note: read through exiftool.
            #expect(facts.dateTaken == Self.text(ref["DateTimeOriginal"]), "\(file)")
            #expect(facts.orientation == (ref["Orientation"] as? Int), "\(file)")
            #expect(facts.width == (ref["ImageWidth"] as? Int), "\(file)")
            #expect(facts.height == (ref["ImageHeight"] as? Int), "\(file)")
            #expect(Self.same(facts.latitude, Self.number(ref["GPSLatitude"])), "\(file)")
            #expect(Self.same(facts.longitude, Self.number(ref["GPSLongitude"])), "\(file)")
            #expect(Self.same(facts.altitude, Self.number(ref["GPSAltitude"])), "\(file)")
            if facts.latitude != nil { gps += 1 }
            guard file.hasSuffix(".jpg") else { continue }
            #expect(facts.offset == Self.text(ref["OffsetTimeOriginal"]), "\(file)")
            #expect(facts.lens == Self.text(ref["LensModel"]), "\(file)")
            #expect(Self.same(facts.exposureTime, Self.number(ref["ExposureTime"])), "\(file)")
            #expect(Self.same(facts.fNumber, Self.number(ref["FNumber"])), "\(file)")
            #expect(Self.same(facts.focalLength, Self.number(ref["FocalLength"])), "\(file)")
            #expect(facts.iso == (ref["ISO"] as? Int), "\(file)")
            #expect(facts.description == Self.text(ref["ImageDescription"]), "\(file)")
            #expect(facts.artist == Self.text(ref["Artist"]), "\(file)")
            #expect(facts.copyright == Self.text(ref["Copyright"]), "\(file)")
            for (name, tag) in [("comment", "XPComment"), ("author", "XPAuthor"), ("subject", "XPSubject")] {
                #expect(facts.xp[name] == Self.text(ref[tag]), "\(file) \(tag)")
            }
            // Titles and keywords: XP's, else XMP's dc:title and dc:subject.
            #expect(facts.xp["title"] == Self.text(ref["XPTitle"]) ?? Self.text(ref["Title"]), "\(file)")
        }
        #expect(gps == 4)
    }

    @Test("broken EXIF yields what can be read, never a crash")
    func brokenImages() throws {
        let files = TestSupport.regularFiles(under: TestSupport.corpusPath("images/broken"))
        #expect(files.count == 7)
        for file in files {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            _ = ExifReader.read(bytes)
            _ = ExifReader.read(Array(bytes.prefix(200)))
        }
        // What is damaged is said, file by file; what reads cleanly is not flagged.
        func problems(_ name: String) throws -> [String] {
            ExifReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.corpusPath("images/broken/" + name))))).problems
        }
        #expect(try problems("33-type_error.jpg") == ["ExifVersion is stored as text instead of 4 bytes",
                                                      "FlashpixVersion is stored as text instead of 4 bytes"])
        #expect(try problems("45-gps_ifd.jpg") == ["the Interoperability block is linked twice",
                                                   "the GPS block points at the camera-settings block, so it holds no GPS data"])
        #expect(try problems("corrupted.jpg") == ["UserComment lacks its character-set marker"])
        for name in ["67-0_length_string.jpg", "image00971.jpg", "image01137.jpg", "image01713.jpg"] {
            #expect(try problems(name) == [], "\(name)")
        }
        // Sound photos are not flagged (Kodak_CX7530's 3-byte ComponentsConfiguration is harmless).
        for file in TestSupport.regularFiles(under: TestSupport.corpusPath("images/photos")) where file.hasSuffix(".jpg") {
            #expect(ExifReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: file)))).problems == [], "\(file)")
        }
        // 45's camera settings are still read; its GPS block is not taken for a position.
        let gps = ExifReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.corpusPath("images/broken/45-gps_ifd.jpg")))))
        #expect(gps.latitude == nil && gps.longitude == nil)
        #expect(gps.make == "Polyphony Digital Inc." && gps.model == "Gran Turismo 5")
        #expect(ExifReader.read([]) == ExifFacts())
        #expect(ExifReader.read(Array(repeating: 0xFF, count: 4096)) == ExifFacts())
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
