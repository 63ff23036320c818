import Foundation
import KhoCatalogue
import KhoMedia
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Classification of the corpus")
struct ClassificationTests {
    let repository: Repository

    /// One ingest (with OCR) for the whole suite.
    static let shared = SharedFixture {
        try IngestedRepository("kho-classify", corpus: ["documents", "images/graphics", "media", "images/photos/DSCN0010.jpg",
                                                        "images/photos/Canon_40D.jpg"], unit: "VanPhong").repository
    }

    init() throws { repository = try Self.shared.get() }

    func object(_ relative: String) throws -> ObjectRecord {
        try #require(try repository.catalogue.objects(sourcePath: TestSupport.corpusPath(relative)).first, "\(relative)")
    }

    func browse(_ configure: (inout SearchFilters) -> Void) throws -> Set<String> {
        var filters = SearchFilters()
        filters.limit = 100
        configure(&filters)
        return Set(try repository.catalogue.browse(filters: filters).map(\.object.digest))
    }

    @Test("content types come from facts, each with its reason")
    func contentTypes() throws {
        let expected: [String: String] = [
            "images/photos/DSCN0010.jpg": "photo", "images/photos/Canon_40D.jpg": "photo",
            "images/graphics/binh-dan-hoc-vu-so-poster.png": "graphic", "images/graphics/ngay-chuyen-doi-so-quoc-gia-10-10.png": "graphic",
            "media/trinh-chieu-ngay-chuyen-doi-so-10-10.mp4": "video", "media/podcast-binh-dan-hoc-vu-so-ky-1.mp3": "audio",
            "documents/trinh-chieu-KH-tuyen-truyen-NQ57-Hai-Phong.pptx": "slides",
            "documents/Phu-luc-I-muc-tieu-cu-the-KH-BQL-Thai-Nguyen-2026.xlsx": "spreadsheet",
            "documents/tin-bai-Nam-Cuong-trien-khai-truyen-thong-NQ57.html": "article",
            "documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.doc": "administrative",
            "documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf": "administrative",
        ]
        for (path, type) in expected { #expect(try object(path).contentType?.rawValue == type, "\(path)") }
        #expect(try object("images/photos/Canon_40D.jpg").contentTypeReason == "camera EXIF data (Canon)")
        #expect(try object("documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf").contentTypeReason
                == "an administrative document: số /KH-BQL, heading KẾ HOẠCH (read by OCR from a scan)")
    }

    @Test("topics and event days from the standard taxonomy, explained")
    func topics() throws {
        let poster = try object("images/graphics/binh-dan-hoc-vu-so-poster.png")
        #expect(try repository.catalogue.topics(objectID: poster.id!).map(\.topic).contains("Bình dân học vụ số"))
        let day = try object("images/graphics/ngay-chuyen-doi-so-quoc-gia-10-10.png")
        let dayTopics = try repository.catalogue.topics(objectID: day.id!)
        #expect(dayTopics.contains { $0.kind == .event && $0.topic == "Ngày Chuyển đổi số quốc gia (10/10)" })
        let plan = try object("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.txt")
        let explained = try ClassifyJob(repository: repository).classify(objectID: plan.id!)
        let cds = try #require(explained.topics.first { $0.topic == "chuyển đổi số" })
        #expect(cds.reason?.hasPrefix("\"chuyen doi so\" ×") == true)
        // Plan D never names the 10/10 day (queries.tsv: only plans A and E do), and has no date taken.
        #expect(!explained.topics.contains { $0.kind == .event })
    }

    @Test("filters: cites, document type, issuer, topic, event, type; combinable, without words")
    func filters() throws {
        let plans = ["KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt", "KH-BQL-Thai-Nguyen-trien-khai-NQ57-nam-2026.txt",
                     "KH-BQL-KKT-Hai-Phong-tuyen-truyen-NQ57-2026.txt", "KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"]
        let citing57 = try browse { $0.cites = "57-NQ/TW" }
        for p in plans { #expect(citing57.contains(try object("documents/" + p).digest), "\(p)") }
        let thaiNguyen = try browse { $0.issuer = "ban quan ly thai nguyen"; $0.docType = "KH" }
        #expect(thaiNguyen == Set(try ["KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt", "KH-BQL-Thai-Nguyen-truyen-thong-NQ57.docx",
                                       "KH-BQL-Thai-Nguyen-trien-khai-NQ57-nam-2026.txt", "KH-BQL-Thai-Nguyen-trien-khai-NQ57-nam-2026.pdf",
                                       "ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf"].map { try object("documents/" + $0).digest }))
        let partyPlan = try browse { $0.cites = "22-ĐA/TU" }
        #expect(partyPlan.contains(try object("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.doc").digest))
        #expect(try browse { $0.event = "10/10"; $0.contentType = "graphic" } == [try object("images/graphics/ngay-chuyen-doi-so-quoc-gia-10-10.png").digest])
        let photos = try browse { $0.contentType = "photo" }
        #expect(photos.count == 2)
        var f = SearchFilters()
        f.topic = "binh dan hoc vu so"
        f.contentType = "graphic"
        #expect(try repository.catalogue.search(try SearchQuery(parsing: "poster"), filters: f).map(\.object.digest)
                == [try object("images/graphics/binh-dan-hoc-vu-so-poster.png").digest])
        let facets = try repository.catalogue.facets()
        #expect(facets["type"]?["photo"] == 2)
        #expect(facets["doctype"]?["KH"] == 10)
    }

    @Test("an infographic saved as JPEG, without camera data, is a graphic and read by OCR; an EXIF-stripped photo stays a photo")
    func jpegGraphic() throws {
        let repository = try Repository.initialize(at: try TestSupport.scratchDirectory("kho-classify-jpeg") + "/Storage").0
        let infographic = "neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg", stripped = "neardup/images/DSCN0021_exif-stripped.jpg"
        // An underwater photograph's narrow palette, its EXIF removed (exiftool): under 150 grey levels.
        let underwater = (repository.root as NSString).deletingLastPathComponent + "/Olympus-sans-exif.jpg"
        let strip = try TestSupport.run("/usr/bin/exiftool", ["-q", "-all=", "-o", underwater, TestSupport.corpusPath("images/photos/Olympus_C8080WZ.jpg")])
        #expect(strip.status == 0, "\(strip.stderr)")
        _ = try IngestJob(repository: repository, options: .init(unit: "VanPhong"))
            .run(roots: [TestSupport.corpusPath(infographic), TestSupport.corpusPath(stripped), underwater])
        func object(_ path: String) throws -> ObjectRecord {
            let full = path.hasPrefix("/") ? path : TestSupport.corpusPath(path)
            return try #require(try repository.catalogue.objects(sourcePath: full).first, "\(path)")
        }
        let graphic = try object(infographic), photo = try object(stripped), narrow = try object(underwater)
        #expect(try repository.catalogue.fingerprint(objectID: narrow.id!)?.greyLevels == 142)
        #expect(narrow.contentType == .photo)
        #expect(narrow.contentTypeReason == "photographic statistics (43% flat colour, 35% in four grey tones, no EXIF camera)")
        #expect(try repository.catalogue.details(of: narrow).text == nil)  // not sent to OCR
        #expect(graphic.contentType == .graphic)
        #expect(graphic.contentTypeReason == "drawn, not photographed (65% flat colour, 82% in four grey tones, no EXIF camera)")
        #expect(photo.contentType == .photo)
        #expect(photo.contentTypeReason == "photographic statistics (1% flat colour, 35% in four grey tones, no EXIF camera)")
        // As a graphic it was read by OCR, so its words find it.
        let hits = try repository.catalogue.search(try SearchQuery(parsing: "chuyen doi so quoc gia"), filters: SearchFilters())
        #expect(hits.map(\.object.digest) == [graphic.digest])
        // classify --all measures the pixels again and agrees.
        #expect(try ClassifyJob(repository: repository).classify(objectID: graphic.id!).contentType == .graphic)
        #expect(try ClassifyJob(repository: repository).classify(objectID: photo.id!).contentType == .photo)
    }

    @Test("corrections by hand survive classify --all")
    func manual() throws {
        let poster = try object("images/graphics/cds-nghi-quyet-57-poster.png")
        try repository.catalogue.tag(objectID: poster.id!, add: ["áp phích"], remove: ["chuyển đổi số"], by: "test")
        try repository.catalogue.setManual(objectID: poster.id!, field: .type, value: "slides", by: "test")
        try repository.catalogue.setManual(objectID: poster.id!, field: .title, value: "Áp phích Nghị quyết 57", by: "test")
        _ = try ClassifyJob(repository: repository).run(all: true)
        let topics = try repository.catalogue.topics(objectID: poster.id!)
        #expect(topics.contains { $0.topic == "áp phích" && $0.origin == .manual && $0.score > 0 })
        #expect(!topics.contains { $0.topic == "chuyển đổi số" && $0.score >= 0 })
        let after = try object("images/graphics/cds-nghi-quyet-57-poster.png")
        #expect(after.contentType == .slides)
        #expect(after.title == "Áp phích Nghị quyết 57")
        var f = SearchFilters()
        f.topic = "chuyen doi so"
        f.limit = 100
        #expect(!(try repository.catalogue.browse(filters: f).contains { $0.object.id == poster.id }))
    }
}
