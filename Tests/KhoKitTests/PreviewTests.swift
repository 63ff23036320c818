import Foundation
import Glibc
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import KhoCatalogue
import KhoMedia
import KhoStore
import KhoVocabulary
import Testing

/// Previews (issue 16): made from the stored bytes, upright, fitted, never enlarged, without the
/// original's metadata, kept apart from the objects, made again on request, gone with the bytes.
@Suite("Previews")
struct PreviewTests {
    /// Pictures made here: a camera JPEG turned by its EXIF orientation and carrying a GPS position,
    /// a PNG with transparency, a small picture, and the corpus's 60000×60000 PNG header.
    static func samples() throws -> [String: String] {
        let folder = try TestSupport.scratchDirectory("previews") + "/inbox"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func make(_ arguments: [String]) throws {
            let made = try TestSupport.run("/usr/bin/convert", arguments)
            guard made.status == 0 else { throw TestSupport.Failure(description: "convert: \(made.stderr)") }
        }
        try make(["-size", "3000x2000", "gradient:navy-orange", "-quality", "85", folder + "/hoi-nghi.jpg"])
        let tagged = try TestSupport.run("/usr/bin/exiftool", ["-q", "-overwrite_original", "-Orientation=6", "-n", "-GPSLatitude=21.59",
                                                               "-GPSLatitudeRef=N", "-GPSLongitude=105.85", "-GPSLongitudeRef=E", folder + "/hoi-nghi.jpg"])
        guard tagged.status == 0 else { throw TestSupport.Failure(description: "exiftool: \(tagged.stderr)") }
        try make(["-size", "600x400", "xc:none", "-fill", "#c00000", "-draw", "circle 300,200 300,50", folder + "/logo.png"])
        try make(["-size", "100x80", "plasma:fractal", folder + "/nho.png"])
        return ["photo": folder + "/hoi-nghi.jpg", "logo": folder + "/logo.png", "small": folder + "/nho.png",
                "huge": TestSupport.corpusPath("hostile/anh-poster-60000x60000.png"),
                "camera": TestSupport.corpusPath("images/photos/Canon_40D.jpg")]
    }

    /// Width, height, and whether it has an alpha channel, from a WebP's header.
    static func webp(_ path: String) throws -> (width: Int, height: Int, alpha: Bool) {
        let b = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard b.count > 30, Array(b[0..<4]) == Array("RIFF".utf8), Array(b[8..<12]) == Array("WEBP".utf8) else {
            throw TestSupport.Failure(description: "\(path) is not a WebP file")
        }
        func le24(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8X": return (le24(24) + 1, le24(27) + 1, b[20] & 0x10 != 0)
        case "VP8 ": return (Int(b[26]) | Int(b[27] & 0x3F) << 8, Int(b[28]) | Int(b[29] & 0x3F) << 8, false)
        case "VP8L":
            let bits = Int(b[21]) | Int(b[22]) << 8 | Int(b[23]) << 16 | Int(b[24]) << 24
            return ((bits & 0x3FFF) + 1, (bits >> 14 & 0x3FFF) + 1, bits >> 28 & 1 == 1)
        default: throw TestSupport.Failure(description: "\(path): unknown WebP chunk")
        }
    }

    /// The metadata tags exiftool finds in a file, as "Group:Tag" names.
    static func metadataTags(_ path: String) throws -> Set<String> {
        let out = try TestSupport.run("/usr/bin/exiftool", ["-j", "-G1", "-a", "-s", path])
        let rows = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]]
        return Set((rows?.first ?? [:]).keys)
    }

    @Test("upright, fitted in 1,280 and 256 pixels, never enlarged, no GPS or camera data; refused over the pixel limit")
    func made() throws {
        let samples = try Self.samples()
        let ingested = try IngestedRepository("previews", paths: Array(samples.values), ocr: false)
        let writer = try Library.openForWriting(at: ingested.repository.root)
        let first = try writer.makePreviews(all: false)
        #expect(first.examined == 5)
        #expect(first.made == 4)
        #expect(first.refused == 1)
        #expect(first.failed == [])

        let library = try Library.openForReading(at: ingested.repository.root)
        func previews(_ name: String) throws -> [PreviewSize: String] { try library.item(try library.resolve(samples[name]!)).previews }
        // 3000×2000 turned a quarter by its orientation: 2000×3000 upright.
        let photo = try previews("photo")
        #expect(try Self.webp(photo[.large]!) == (853, 1280, false))
        #expect(try Self.webp(photo[.small]!) == (171, 256, false))
        // The original has its GPS position; no preview does, nor a camera's thumbnail.
        #expect(try Self.metadataTags(samples["photo"]!).contains("GPS:GPSLatitude"))
        #expect(try Self.metadataTags(samples["camera"]!).contains("IFD1:ThumbnailImage"))
        for path in Array(photo.values) + Array(try previews("camera").values) {
            let tags = try Self.metadataTags(path)
            #expect(tags.filter { $0.hasPrefix("GPS:") || $0.hasPrefix("IFD1:") || $0.hasPrefix("XMP") || $0.hasPrefix("ICC") }.isEmpty, "\(tags.sorted())")
        }
        let logo = try previews("logo")
        #expect(try Self.webp(logo[.large]!) == (600, 400, true))
        #expect(try Self.webp(logo[.small]!) == (256, 171, true))
        let small = try previews("small")
        #expect(try Self.webp(small[.large]!).width == 100)
        #expect(try Self.webp(small[.small]!).height == 80)
        #expect(try previews("huge").isEmpty)
        // Kept apart from the objects, named by the source's digest.
        let digest = try library.resolve(samples["photo"]!).digest
        #expect(photo[.small] == ingested.repository.root + "/previews/" + digest.prefix(2) + "/" + digest + "-256.webp")
        #expect(TestSupport.regularFiles(under: ingested.repository.root + "/objects/sha256").count == 5)

        let again = try writer.makePreviews(all: false)
        #expect((again.made, again.present, again.refused) == (0, 4, 1))
        let remade = try writer.makePreviews(all: true)
        #expect((remade.made, remade.present) == (4, 0))

        // The bytes collected: their previews go with them.
        let object = try library.resolve(samples["logo"]!)
        #expect(try writer.remove(object, by: "test", reason: "a test"))
        #expect(try writer.collectGarbage(dryRun: false).collected == [object.digest])
        #expect(!FileManager.default.fileExists(atPath: logo[.large]!))
        #expect(!FileManager.default.fileExists(atPath: logo[.small]!))
    }
}

@Suite("Previews and crashes")
struct PreviewCrashTests {
    @Test("an object whose preview stopped a kho that is gone gets a placeholder ever after, and is remembered as a suspect")
    func crashedPreview() throws {
        let folder = try TestSupport.scratchDirectory("preview-crash")
        let pictures = [folder + "/a.png", folder + "/b.png"]
        for (i, path) in pictures.enumerated() {
            #expect(try TestSupport.run("/usr/bin/convert", ["-size", "\(300 + i)x200", "plasma:fractal", path]).status == 0)
        }
        let ingested = try IngestedRepository("preview-crash", paths: pictures, ocr: false)
        let root = ingested.repository.root
        let library = try Library.openForReading(at: root)
        let crashing = try library.item(try library.resolve(pictures[0])).storedAt
        // What a kho killed by a decoder's crash leaves: its worker's mark, flagged by the crash handler.
        // A process id no process has (the largest there can be); a finished child may linger as a zombie.
        let pidMax = Int(try String(contentsOfFile: "/proc/sys/kernel/pid_max", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines))!
        let dead = pidMax - 1
        #expect(kill(pid_t(dead), 0) != 0)
        try Data((crashing + "\n!crashed").utf8).write(to: URL(fileURLWithPath: root + "/reading/\(dead).previews.0"))

        let writer = try Library.openForWriting(at: root)
        let summary = try writer.makePreviews(all: false)
        #expect((summary.examined, summary.made, summary.refused) == (2, 1, 1))
        #expect(try library.item(try library.resolve(pictures[0])).previews.isEmpty)
        #expect(try library.item(try library.resolve(pictures[1])).previews.count == 2)
        #expect(!FileManager.default.fileExists(atPath: root + "/reading/\(dead).previews.0"))
        #expect(try ingested.repository.catalogue.suspects(paths: [crashing]).map(\.crashed) == [true])
        // And again, in a later run: still a placeholder, nothing read.
        #expect(try writer.makePreviews(all: true).refused == 1)
    }
}

@Suite("Previews of videos, sound and PDFs")
struct MediaPreviewTests {
    /// The mean brightness (0…1) of a picture, as ImageMagick measures it.
    static func brightness(_ path: String) throws -> Double {
        let out = try TestSupport.run("/usr/bin/convert", [path, "-colorspace", "Gray", "-format", "%[fx:mean]", "info:"])
        return Double(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("a video's frame is not its black first second, and a strip of five; a sound is a 1280×320 waveform; a PDF its first page; an office file none")
    func media() throws {
        let folder = try TestSupport.scratchDirectory("media-previews")
        let video = folder + "/hoi-nghi.mp4", sound = folder + "/phat-bieu.wav"
        func ffmpeg(_ arguments: [String]) throws {
            let made = try TestSupport.run("/usr/bin/ffmpeg", ["-v", "error", "-y"] + arguments)
            guard made.status == 0 else { throw TestSupport.Failure(description: "ffmpeg: \(made.stderr)") }
        }
        try ffmpeg(["-f", "lavfi", "-i", "color=c=black:s=640x360:d=1:r=25", "-f", "lavfi", "-i", "testsrc=s=640x360:d=4:r=25",
                    "-filter_complex", "[0][1]concat=n=2:v=1", "-pix_fmt", "yuv420p", video])
        try ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=3", sound])
        // A phone held upright: 640×360 frames with a rotation in the file, shown 360×640.
        let portrait = folder + "/dien-thoai.mp4"
        try ffmpeg(["-f", "lavfi", "-i", "testsrc=s=640x360:d=2:r=25", "-pix_fmt", "yuv420p", portrait])
        #expect(try TestSupport.run("/usr/bin/exiftool", ["-q", "-overwrite_original", "-Rotation=90", portrait]).status == 0)
        let pdf = try TestSupport.makeScan(in: folder, name: "cong-van", pages: 2, tag: "cải cách hành chính")
        let office = TestSupport.corpusPath("hostile/bao-cao.docx")
        let ingested = try IngestedRepository("media-previews", paths: [video, sound, pdf, office, portrait], ocr: false)
        let summary = try Library.openForWriting(at: ingested.repository.root).makePreviews(all: false)
        #expect((summary.examined, summary.made, summary.refused, summary.failed) == (5, 4, 1, []))

        let library = try Library.openForReading(at: ingested.repository.root)
        func previews(_ path: String) throws -> [PreviewSize: String] { try library.item(try library.resolve(path)).previews }
        let frame = try previews(video)
        #expect(try PreviewTests.webp(frame[.large]!) == (640, 360, false))
        #expect(try PreviewTests.webp(frame[.small]!) == (256, 144, false))
        #expect(try Self.brightness(frame[.large]!) > 0.3)
        // Its strip: five frames across its five seconds, each 256 pixels wide, side by side.
        let strip = try #require(try library.item(try library.resolve(video)).strip)
        #expect(try PreviewTests.webp(strip) == (1280, 144, false))
        #expect(try library.item(try library.resolve(sound)).strip == nil)
        #expect(try PreviewTests.webp(try previews(portrait)[.large]!) == (360, 640, false))
        let wave = try previews(sound)
        #expect(try PreviewTests.webp(wave[.large]!).width == 1280)
        #expect(try PreviewTests.webp(wave[.large]!).height == 320)
        // The first page as pdftoppm renders it with its longer side at 1,280 pixels, then fitted in 256.
        let rendered = try TestSupport.run("/usr/bin/pdftoppm", ["-png", "-f", "1", "-l", "1", "-scale-to", "1280", "-singlefile", pdf, folder + "/page"])
        #expect(rendered.status == 0)
        let size = try TestSupport.run("/usr/bin/identify", ["-format", "%w %h", folder + "/page.png"]).stdout.split(separator: " ").compactMap { Int($0) }
        #expect(size.count == 2 && size[1] == 1280)
        let page = try previews(pdf)
        #expect(try PreviewTests.webp(page[.large]!) == (size[0], size[1], false))
        #expect(try PreviewTests.webp(page[.small]!) == (Int((Double(size[0]) * 256 / 1280).rounded()), 256, false))
        #expect(try previews(office).isEmpty)
    }
}

@Suite("Previews of office files")
struct OfficePreviewTests {
    @Test("with LibreOffice installed (make test installs it), office files get their first page; a zip bomb gets a placeholder")
    func office() throws {
        #expect(MediaPreviews.officeAvailable, "make test installs libreoffice-writer-nogui, -calc-nogui and -impress-nogui")
        let files = ["documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.docx", "documents/trinh-chieu-KH-tuyen-truyen-NQ57-Hai-Phong.pptx",
                     "documents/KH-BQL-KKT-Hai-Phong-tuyen-truyen-NQ57-2026.odt", "hostile/bao-cao.docx"]
        let ingested = try IngestedRepository("office-previews", corpus: files, ocr: false, fingerprints: false)
        let summary = try Library.openForWriting(at: ingested.repository.root).makePreviews(all: false)
        #expect((summary.examined, summary.made, summary.refused, summary.failed) == (4, 3, 1, []))
        let library = try Library.openForReading(at: ingested.repository.root)
        func previews(_ file: String) throws -> [PreviewSize: String] { try library.item(try library.resolve(TestSupport.corpusPath(file))).previews }
        // A4 pages drawn 1,280 pixels high; the slides 16:9, 1,280 wide.
        #expect(try PreviewTests.webp(try previews(files[0])[.large]!) == (906, 1280, false))
        #expect(try PreviewTests.webp(try previews(files[1])[.large]!) == (1280, 721, false))
        #expect(try PreviewTests.webp(try previews(files[2])[.large]!) == (906, 1280, false))
        #expect(try previews(files[3]).isEmpty)
    }
}

@Suite("Previews by the watcher")
struct WatchPreviewTests {
    @Test("a picture stored before the watcher started and one dropped in both get their previews, between files")
    func watcherMakesPreviews() throws {
        let h = try WatchHarness(label: "kho-watch-previews")
        let folder = try TestSupport.scratchDirectory("kho-watch-previews-in")
        let before = folder + "/truoc.png", dropped = folder + "/anh-moi.jpg"
        for (path, size) in [(before, "640x480"), (dropped, "2000x1500")] {
            #expect(try TestSupport.run("/usr/bin/convert", ["-size", size, "plasma:fractal", path]).status == 0)
        }
        _ = try IngestJob(repository: h.repository, options: IngestJob.Options()).run(roots: [before])
        h.start(h.settings())
        try h.drop("VanPhong/anh-moi.jpg", Array(try Data(contentsOf: URL(fileURLWithPath: dropped))))
        let previews = h.repository.previews
        let digests = try [before, dropped].map { try #require(Digest(hex: try TestSupport.sha256sum($0))) }
        #expect(h.waitUntil(30) { digests.allSatisfy { d in PreviewSize.allCases.allSatisfy { previews.has(d, size: $0) } } })
        #expect(h.stopAndWait())
        #expect(h.failure == nil)
        // One at start (the picture stored before), one after the drop was taken.
        #expect(h.notices.filter { $0.hasPrefix("previews: ") } == ["previews: 1 made", "previews: 1 made"])
        #expect(try PreviewTests.webp(previews.path(for: digests[1], size: .large)) == (1280, 960, false))
    }
}
