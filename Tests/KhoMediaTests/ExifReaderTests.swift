import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

@Suite("EXIF basics")
struct ExifReaderTests {
    struct ExifTool: Decodable {
        let SourceFile: String
        let Make: String?
        let Model: String?
        let DateTimeOriginal: String?
        let Orientation: Int?
    }

    /// exiftool -n is the reference for every value kho reads. Only the EXIF group: XMP and maker
    /// notes (a Reconyx keeps its date there) are the extraction issue's business.
    static func exiftool(_ files: [String]) throws -> [ExifTool] {
        let r = try TestSupport.run("/usr/bin/exiftool", ["-j", "-n", "-EXIF:Make", "-EXIF:Model", "-EXIF:DateTimeOriginal", "-EXIF:Orientation"] + files)
        return try JSONDecoder().decode([ExifTool].self, from: Data(r.stdout.utf8))
    }

    @Test("make, model, date taken and orientation equal exiftool -n for every JPEG in images/photos")
    func photosMatchExiftool() throws {
        let files = TestSupport.regularFiles(under: TestSupport.corpusPath("images/photos")).filter { $0.hasSuffix(".jpg") }
        #expect(files.count == 26)
        let reference = try Self.exiftool(files)
        #expect(reference.count == files.count)
        for ref in reference {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: ref.SourceFile)).prefix(128 << 10))
            let facts = ExifReader.read(bytes)
            #expect(facts.make == ref.Make?.trimmingCharacters(in: .whitespaces).nilIfEmpty, "\(ref.SourceFile)")
            #expect(facts.model == ref.Model?.trimmingCharacters(in: .whitespaces).nilIfEmpty, "\(ref.SourceFile)")
            #expect(facts.dateTaken == ref.DateTimeOriginal, "\(ref.SourceFile)")
            #expect(facts.orientation == ref.Orientation, "\(ref.SourceFile)")
        }
        let nikon = ExifReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.corpusPath("images/photos/DSCN0021.jpg")))))
        #expect(nikon == ExifFacts(make: "NIKON", model: "COOLPIX P6000", dateTaken: "2008:10:22 16:38:20", orientation: 1))
        #expect(reference.filter { $0.Orientation != nil }.count == 24)
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
        #expect(ExifReader.read([]) == ExifFacts())
        #expect(ExifReader.read(Array(repeating: 0xFF, count: 4096)) == ExifFacts())
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
