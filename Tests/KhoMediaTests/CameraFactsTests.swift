import KhoVocabulary
import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

/// Camera facts equal exiftool's (the reference reader's `-n` values) wherever exiftool reports
/// them: on every picture of the corpus, and on pictures made as other cameras, phones and editors
/// leave them (scripts/make-camera-samples.sh).
@Suite("Camera facts as exiftool reads them")
struct CameraFactsTests {
    struct Reference: Decodable {
        let SourceFile: String
        let Make: String?, Model: String?, DateTimeOriginal: String?, Orientation: Int?
        let GPSLatitude: Double?, GPSLongitude: Double?
    }

    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "tif", "tiff", "heic"]

    /// The made pictures, once per test process (a failure fails the tests that use them, with its reason).
    static let samples: Result<String, Error> = Result {
        let folder = try TestSupport.scratchDirectory("kho-cameras") + "/samples"
        let made = try TestSupport.run("/bin/bash", [TestSupport.packageRoot.appendingPathComponent("scripts/make-camera-samples.sh").path, folder])
        guard made.status == 0 else { throw SampleFailure(reason: made.stderr) }
        return folder
    }

    struct SampleFailure: Error { let reason: String }

    func pictures(under folder: String) -> [String] {
        TestSupport.regularFiles(under: folder).filter { Self.imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
    }

    /// Every difference between kho's facts and exiftool's, and how many values were compared.
    func compare(_ files: [String]) throws -> (differences: [String], compared: Int) {
        let out = try TestSupport.run("/usr/bin/exiftool", ["-j", "-n", "-Make", "-Model", "-DateTimeOriginal", "-Orientation",
                                                            "-GPSLatitude", "-GPSLongitude"] + files)
        let references = try JSONDecoder().decode([Reference].self, from: Data(out.stdout.utf8))
        #expect(references.count == files.count)
        let sniffer = try Sniffer()
        var differences: [String] = [], compared = 0
        for ref in references {
            let path = ref.SourceFile
            let head = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4 << 20))
            let e = Extractor.extract(path: path, mime: sniffer.mimeType(ofFileAt: path), head: head)
            var facts: [String: String] = [:]
            for f in e.facts where facts[f.key] == nil { facts[f.key] = f.value }
            let name = (path as NSString).lastPathComponent
            func check(_ label: String, _ expected: String?, _ key: String) {
                guard let expected = expected?.trimmingCharacters(in: .whitespaces), !expected.isEmpty else { return }
                compared += 1
                if facts[key] != expected { differences.append("\(name) \(label): exiftool \(expected), kho \(facts[key] ?? "nothing")") }
            }
            func check(_ label: String, _ expected: Double?, _ key: String) {
                guard let expected else { return }
                compared += 1
                guard let value = facts[key].flatMap(Double.init), abs(value - expected) < 1e-6 else {
                    differences.append("\(name) \(label): exiftool \(expected), kho \(facts[key] ?? "nothing")")
                    return
                }
            }
            check("make", ref.Make, "exif.make")
            check("model", ref.Model, "exif.model")
            check("date taken", ref.DateTimeOriginal, "exif.date_taken")
            check("orientation", ref.Orientation.map(String.init), "exif.orientation")
            check("latitude", ref.GPSLatitude, "gps.latitude")
            check("longitude", ref.GPSLongitude, "gps.longitude")
        }
        return (differences, compared)
    }

    @Test("every picture of the corpus")
    func corpus() throws {
        let files = pictures(under: TestSupport.corpus.path).filter { !$0.contains("/hostile/") }
        let result = try compare(files)
        #expect(result.differences == [])
        #expect(result.compared == 146)
    }

    @Test("other cameras, phones and editors: both hemispheres, every orientation, XMP only, PNG, WebP, re-saved, signed GPS out of order, EXIF after the tables")
    func generated() throws {
        let folder = try Self.samples.get()
        let files = pictures(under: folder)
        #expect(files.count == 16)
        let result = try compare(files)
        #expect(result.differences == [])
        #expect(result.compared == 80)
    }

    @Test("the deviations themselves: libexif alone misses them, kho does not")
    func deviations() throws {
        let folder = try Self.samples.get()
        let late = Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/exif-after-tables.jpg")))
        #expect(ExifReader.readTags(late).make == nil)  // libexif stops at the tables
        let e = ExifReader.extraction(late, path: folder + "/exif-after-tables.jpg")
        #expect(e.facts.first { $0.key == "exif.model" }?.value == "Canon EOS 80D")
        let nokia = ExifReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/nokia-gps-signed-unordered.jpg"))))
        #expect(nokia.latitude.map { abs($0 - 21.0292) < 1e-9 } == true)
        #expect(nokia.longitude.map { abs($0 - (105 + 51.0 / 60 + 23.45 / 3600)) < 1e-9 } == true)
        // A chat-app picture (no camera segment at all) never costs an exiftool process.
        let plainPath = try TestSupport.scratchDirectory("kho-cameras-plain") + "/plain.jpg"
        #expect(try TestSupport.run("/usr/bin/ffmpeg", ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x240:duration=1",
                                                        "-frames:v", "1", plainPath]).status == 0)
        let plain = JPEGFrame.hasCameraSegments(Array(try Data(contentsOf: URL(fileURLWithPath: plainPath))))
        #expect(plain == false)
        let withTables = JPEGFrame.hasCameraSegments(late)
        #expect(withTables == true)
    }
}
