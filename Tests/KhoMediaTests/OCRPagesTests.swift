import Foundation
import KhoTestSupport
import KhoVocabulary
import Testing
@testable import KhoMedia

@Suite("OCR of scanned pages")
struct OCRPagesTests {
    @Test("a four-page scan made here (ImageMagick pages, reportlab PDF): pages read side by side, joined in page order")
    func pagesInOrder() throws {
        let dir = try TestSupport.scratchDirectory("kho-ocr-pages")
        let scan = try TestSupport.makeScan(in: dir, pages: 4)
        let x = Extractor.extract(path: scan, mime: "application/pdf", head: [])
        #expect(x.status == .ok)
        #expect(x.textOrigin == .ocr)
        #expect(x.pages == 4)
        #expect(x.notes == ["text read by OCR (Tesseract, vie+eng) from 4 page image(s)"])
        let text = (x.text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text == (1...4).flatMap { TestSupport.scanLines(page: $0, tag: "chuyển đổi số") }.joined(separator: " "))
    }
}
