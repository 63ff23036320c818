import Foundation
import KhoTestSupport
import KhoVocabulary
import Testing
@testable import KhoMedia

@Suite("OCR of scanned pages")
struct OCRPagesTests {
    @Test("a four-page scan made here (ImageMagick pages, reportlab PDF): pages read side by side, joined in page order")
    func pagesInOrder() throws {
        let python = TestSupport.packageRoot.appendingPathComponent(".build/test-venv/bin/python3").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "run `make test` (it makes .build/test-venv with reportlab)")
        let dir = try TestSupport.scratchDirectory("kho-ocr-pages")
        for page in 1...4 {
            let made = try TestSupport.run("/usr/bin/convert", ["-size", "1654x2339", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "48",
                                                                "-fill", "black", "-annotate", "+150+300", "TRANG SO \(page)",
                                                                "-annotate", "+150+420", "Kế hoạch chuyển đổi số trang \(page)", "\(dir)/p\(page).png"])
            try #require(made.status == 0, "\(made.stderr)")
        }
        let pdf = try TestSupport.run(python, ["-c", """
            from reportlab.pdfgen import canvas
            from reportlab.lib.pagesizes import A4
            c = canvas.Canvas('\(dir)/scan.pdf', pagesize=A4)
            for i in range(1, 5):
                c.drawImage('\(dir)/p%d.png' % i, 0, 0, width=A4[0], height=A4[1])
                c.showPage()
            c.save()
            """])
        try #require(pdf.status == 0, "\(pdf.stderr)")
        let x = Extractor.extract(path: dir + "/scan.pdf", mime: "application/pdf", head: [])
        #expect(x.status == .ok)
        #expect(x.textOrigin == .ocr)
        #expect(x.pages == 4)
        #expect(x.notes == ["text read by OCR (Tesseract, vie+eng) from 4 page image(s)"])
        let text = (x.text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text == (1...4).map { "TRANG SO \($0) Kế hoạch chuyển đổi số trang \($0)" }.joined(separator: " "))
    }
}
