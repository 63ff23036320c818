import KhoVocabulary
import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

@Suite("Extraction")
struct ExtractionTests {
    let sniffer: Sniffer

    init() throws { sniffer = try Sniffer() }

    func extract(_ relative: String) throws -> Extraction {
        let path = TestSupport.corpusPath(relative)
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4 << 20))
        return Extractor.extract(path: path, mime: sniffer.mimeType(ofFileAt: path), head: bytes)
    }

    /// A line of the plan's plain-text version, which every other format must also yield.
    func folded(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test("every format of a plan yields its words", arguments: [
        ("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.doc", "đi từng ngõ, gõ từng nhà"),
        ("documents/KH-BQL-KKT-Hai-Phong-tuyen-truyen-NQ57-2026.odt", "Bình dân học vụ số"),
        ("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.docx", "kho tài nguyên truyền thông số"),
        ("documents/KH-BQL-Thai-Nguyen-trien-khai-NQ57-nam-2026.pdf", "Bản đồ số 3D"),
        ("documents/Phu-luc-I-muc-tieu-cu-the-KH-BQL-Thai-Nguyen-2026.xlsx", "LGSP"),
        ("documents/trinh-chieu-KH-tuyen-truyen-NQ57-Hai-Phong.pptx", "Bình dân học vụ số"),
        ("documents/tin-bai-Nam-Cuong-trien-khai-truyen-thong-NQ57.html", "Xã Nam Cường đẩy mạnh truyền thông"),
        ("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt", "Lường Văn Toàn"),
    ])
    func documentText(file: String, phrase: String) throws {
        let e = try extract(file)
        #expect(e.status == .ok, "\(file): \(e.notes)")
        #expect(folded(e.text ?? "").contains(phrase), "\(file)")
    }

    @Test("titles, pages and document info")
    func documentFacts() throws {
        let pptx = try extract("documents/trinh-chieu-KH-tuyen-truyen-NQ57-Hai-Phong.pptx")
        #expect(pptx.pages == 3)
        #expect(pptx.title == "Kế hoạch tuyên truyền Nghị quyết 57-NQ/TW – Ban Quản lý Khu kinh tế Hải Phòng")
        let pdf = try extract("documents/KH-BQL-Thai-Nguyen-trien-khai-NQ57-nam-2026.pdf")
        #expect(pdf.pages == 14)
        #expect(pdf.facts.contains(Extraction.Fact("pdf.author", "Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên")))
        let html = try extract("documents/tin-bai-Nam-Cuong-trien-khai-truyen-thong-NQ57.html")
        #expect(html.title == "Xã Nam Cường đẩy mạnh truyền thông thực hiện Nghị quyết 57-NQ/TW")
        #expect(!(html.text ?? "").contains("<"))
        // An image-only PDF: without OCR it needs OCR; with it (the default) Tesseract reads it.
        let scanPath = TestSupport.corpusPath("documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf")
        let unread = Extractor.extract(path: scanPath, mime: "application/pdf", head: [], limits: ExtractionLimits(ocr: false))
        #expect(unread.status == .needsOCR)
        #expect(unread.text == nil)
        let scan = try extract("documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf")
        #expect(scan.status == .ok)
        #expect(scan.textOrigin == .ocr)
        #expect(scan.pages == 2)
        #expect(scan.text?.contains("Thực hiện Kế hoạch số 209/KH-UBND ngày 31/12/2025") == true)
        #expect(scan.notes == ["text read by OCR (Tesseract, vie+eng) from 2 page image(s)"])
    }

    @Test("graphics and media carry their titles: PNG iTXt, SVG, MP4, WebM, MP3, RIFF INFO")
    func mediaTitles() throws {
        #expect(try extract("images/graphics/binh-dan-hoc-vu-so-poster.png").title == "Bình dân học vụ số")
        #expect(try extract("images/graphics/banner-chuyen-muc-NQ57.svg").title == "Chuyên mục Nghị quyết 57-NQ/TW")
        let mp4 = try extract("media/trinh-chieu-ngay-chuyen-doi-so-10-10.mp4")
        #expect(mp4.title == "Trình chiếu ảnh – Ngày Chuyển đổi số quốc gia 10/10")
        #expect(mp4.takenAt == "2026-03-16T08:30:00+00:00")
        let facts = Dictionary(uniqueKeysWithValues: mp4.facts.map { ($0.key, $0.value) })
        #expect(facts["media.video_codec"] == "h264")
        #expect(facts["media.audio_codec"] == "aac")
        #expect(facts["media.width"] == "640")
        #expect(facts["media.height"] == "360")
        #expect(facts["media.frame_rate"] == "25.000")
        #expect(facts["media.duration"] == "10.200")
        #expect(try extract("media/thong-bao-ngay-chuyen-doi-so-quoc-gia.wav").title == "Thông báo Ngày Chuyển đổi số quốc gia 10/10")
        #expect(try extract("media/gioi-thieu-binh-dan-hoc-vu-so.webm").title == "Bình dân học vụ số – video giới thiệu")
        #expect(try extract("media/podcast-binh-dan-hoc-vu-so-ky-1.mp3").title == "Podcast Bình dân học vụ số – Kỳ 1: Phổ cập tri thức số")
    }

    @Test("hostile files are refused or flagged with a reason, never read past the limits")
    func hostileFiles() throws {
        let bomb = try extract("hostile/bao-cao.docx")
        #expect(bomb.status == .failed)
        #expect(bomb.notes == ["archive expands beyond limit: word/document.xml would inflate to 1075856192 bytes (limit 67108864)"])
        let video = try extract("hostile/video-hoi-nghi-bi-cat.mp4")
        #expect(video.status == .partial)
        #expect(video.notes.contains("truncated: the 'mdat' box needs 1141062 bytes but the file has 342318 (29% present)"))
        let pdf = try extract("hostile/ke-hoach-bi-cat-giua-stream.pdf")
        #expect(pdf.status == .failed || pdf.status == .partial)
        #expect(pdf.notes.first?.hasPrefix("the PDF is damaged") == true)
        // Broken EXIF: what can be read, no crash.
        for file in TestSupport.regularFiles(under: TestSupport.corpusPath("images/broken")) {
            let e = Extractor.extract(path: file, mime: "image/jpeg", head: Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            #expect(e.status != .failed, "\(file)")
        }
    }

    @Test("text in UTF-16 and Windows-1258 is decoded; the guess is reported")
    func encodings() throws {
        let dir = try TestSupport.scratchDirectory("kho-enc")
        let text = "Chuyển đổi số và Bình dân học vụ số"
        var utf16 = Data([0xFF, 0xFE])
        utf16.append(text.data(using: .utf16LittleEndian)!)
        try utf16.write(to: URL(fileURLWithPath: dir + "/u16.txt"))
        let u16 = PlainText.extract(path: dir + "/u16.txt", limits: ExtractionLimits())
        #expect(u16.text == text)
        #expect(u16.status == .ok)

        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/utf8.txt"))
        let converted = try TestSupport.run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "CP1258", "-o", dir + "/cp1258.txt", dir + "/utf8.txt"])
        try #require(converted.status == 0, "iconv: \(converted.stderr)")
        let cp = PlainText.extract(path: dir + "/cp1258.txt", limits: ExtractionLimits())
        #expect(cp.text == text)
        #expect(cp.status == .partial)
        #expect(cp.notes.first?.hasPrefix("not UTF-8: decoded as Windows-1258") == true)
        // A text ending in a plain letter keeps it (iconv holds it back, waiting for a tone mark, until flushed).
        try Data("Kế hoạch tuyên truyền. Hết".utf8).write(to: URL(fileURLWithPath: dir + "/het.txt"))
        #expect(try TestSupport.run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "CP1258", "-o", dir + "/het1258.txt", dir + "/het.txt"]).status == 0)
        #expect(PlainText.extract(path: dir + "/het1258.txt", limits: ExtractionLimits()).text == "Kế hoạch tuyên truyền. Hết")
    }

    @Test("text beyond the cap is cut at a character boundary and flagged")
    func textCap() throws {
        var limits = ExtractionLimits()
        limits.maxTextBytes = 1001
        var e = Extraction()
        e.setText(String(repeating: "số ", count: 1000), limits: limits)
        #expect(e.truncated)
        #expect(e.status == .partial)
        // "số " is 5 bytes: 200 of them fill 1,000 bytes, and the 1,001st byte is the next "s".
        #expect(e.text == String(repeating: "số ", count: 200) + "s")
        var tight = ExtractionLimits()
        tight.maxTextBytes = 1002  // would cut inside "ố": the cut backs off to a character boundary
        var f = Extraction()
        f.setText(String(repeating: "số ", count: 1000), limits: tight)
        #expect(f.text == String(repeating: "số ", count: 200) + "s")
    }
}
