import KhoVocabulary
import Foundation
import Testing
import KhoMedia
import KhoTestSupport

@Suite("Drawn or photographed")
struct PictureStatisticsTests {
    static let drawn: Set<String> = [
        "images/graphics/binh-dan-hoc-vu-so-poster.png", "images/graphics/cds-nghi-quyet-57-poster.png",
        "images/graphics/ngay-chuyen-doi-so-quoc-gia-10-10.png", "neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg",
        "images/photos/Arbitro.tiff", "images/photos/Jobagent.tiff",  // two logos among the EXIF samples
    ]

    @Test("the infographic and posters (PNG, or saved as JPEG) and the two logos look drawn; no photograph does")
    func corpus() throws {
        var photographs = 0
        for dir in ["images/graphics", "images/photos", "neardup/images"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath(dir)).sorted() where !name.hasSuffix(".svg") {
                let path = dir + "/" + name
                let stats = try #require(PictureStatistics.measure(path: TestSupport.corpusPath(path)), "\(path)")
                #expect(stats.looksDrawn == Self.drawn.contains(path), "\(path): \(stats)")
                if !Self.drawn.contains(path) { photographs += 1 }
            }
        }
        #expect(photographs == 36)
    }

    @Test("the measures themselves: a JPEG's noise leaves the infographic's flat areas flat")
    func values() throws {
        let png = try #require(PictureStatistics.measure(path: TestSupport.corpusPath("images/graphics/ngay-chuyen-doi-so-quoc-gia-10-10.png")))
        let jpeg = try #require(PictureStatistics.measure(path: TestSupport.corpusPath("neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg")))
        let photo = try #require(PictureStatistics.measure(path: TestSupport.corpusPath("images/photos/DSCN0021.jpg")))
        #expect(String(format: "%.3f %.3f", png.flatShare, png.dominantShare) == "0.645 0.819")
        #expect(String(format: "%.3f %.3f", jpeg.flatShare, jpeg.dominantShare) == "0.645 0.821")
        #expect(String(format: "%.3f %.3f", photo.flatShare, photo.dominantShare) == "0.011 0.349")
        // liborc is off: its rounding is not what these figures were measured with, and it once hung.
        #expect(!ImagePixels.generatesCode)
        // Undecodable: no statistics, never a crash.
        #expect(PictureStatistics.measure(path: TestSupport.corpusPath("hostile/anh-su-kien.jpg")) == nil)
    }

    @Test("resized and re-saved as a chat app does (ffmpeg, 1280/640/320 px wide): posters still drawn, photographs never")
    func resized() throws {
        let dir = try TestSupport.scratchDirectory("kho-resized")
        let graphics = try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath("images/graphics")).filter { $0.hasSuffix(".png") }
        let photos = try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath("images/photos")).filter { $0.hasSuffix(".jpg") }
        #expect(graphics.count == 3 && photos.count == 26)
        for (folder, names, drawn) in [("images/graphics", graphics, true), ("images/photos", photos, false)] {
            for name in names.sorted() {
                for width in [1280, 640, 320] {
                    let out = dir + "/\(width)-" + name + ".jpg"
                    let r = try TestSupport.run("/usr/bin/ffmpeg", ["-loglevel", "error", "-y", "-i", TestSupport.corpusPath(folder + "/" + name),
                                                                    "-vf", "scale='min(\(width),iw)':-2", "-q:v", "4", out])
                    try #require(r.status == 0, "\(r.stderr)")
                    let stats = try #require(PictureStatistics.measure(path: out))
                    #expect(stats.looksDrawn == drawn, "\(name) at \(width) px: \(stats)")
                }
            }
        }
    }
}
