import Foundation
import GRDB
@testable import KhoCatalogue
import KhoMedia
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Extracting again from the store")
struct ExtractJobTests {
    @Test("an item catalogued without its text (an interrupted run) gets it back from the stored bytes")
    func missingExtraction() throws {
        // Ingested without OCR (as on a machine without Tesseract): the scan needs OCR.
        let repository = try IngestedRepository("kho-extract", corpus: ["documents"], ocr: false).repository
        let planD = TestSupport.corpusPath("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.doc")
        let object = try #require(try repository.catalogue.objects(sourcePath: planD).first)
        let before = try repository.catalogue.details(of: object)
        #expect(before.text?.body.contains("đi từng ngõ, gõ từng nhà") == true)

        // What a crash between storing and cataloguing leaves: the row, no extraction.
        try repository.catalogue.write { db in
            try db.execute(sql: "UPDATE objects SET extract_status = NULL, title = NULL WHERE id = ?", arguments: [object.id])
            try db.execute(sql: "DELETE FROM texts WHERE object_id = ?", arguments: [object.id])
        }
        try repository.catalogue.rebuildSearchIndex()
        let query = try SearchQuery(parsing: "\"đi từng ngõ, gõ từng nhà\"")
        #expect(!(try repository.catalogue.search(query).contains { $0.object.id == object.id }))

        let summary = try ExtractJob(repository: repository).run(statuses: nil, all: false)
        #expect(summary == ExtractJob.Summary(examined: 1, byStatus: ["ok": 1], missingObjects: 0))
        let after = try repository.catalogue.details(of: object)
        #expect(after.text == before.text)
        #expect(after.object.extractStatus == .ok)
        #expect(try repository.catalogue.search(query).contains { $0.object.id == object.id })

        // Retrying a status touches only the items in it: with OCR, the scan is read now.
        let retry = try ExtractJob(repository: repository).run(statuses: ["needs-ocr"], all: false)
        #expect(retry == ExtractJob.Summary(examined: 1, byStatus: ["ok": 1], missingObjects: 0))
        let scan = try #require(try repository.catalogue.objects(sourcePath: TestSupport.corpusPath("documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf")).first)
        #expect(try repository.catalogue.details(of: scan).text?.origin == .ocr)
        #expect(try repository.catalogue.search(try SearchQuery(parsing: "209/KH-UBND")).contains { $0.object.id == scan.id })
    }

    @Test("extracting everything again keeps the text OCR read from graphics; an EXIF-less photo gets none")
    func pictureText() throws {
        let files = ["neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg", "neardup/images/DSCN0021_exif-stripped.jpg"]
        let repository = try IngestedRepository("kho-extract-ocr", corpus: files).repository
        let graphic = try #require(try repository.catalogue.objects(sourcePath: TestSupport.corpusPath(files[0])).first)
        let photo = try #require(try repository.catalogue.objects(sourcePath: TestSupport.corpusPath(files[1])).first)
        let before = try #require(try repository.catalogue.details(of: graphic).text)
        #expect(before.origin == .ocr)
        #expect(before.body.contains("Chuyển đổi số"))

        let summary = try ExtractJob(repository: repository).run(statuses: nil, all: true)
        #expect(summary == ExtractJob.Summary(examined: 2, byStatus: ["ok": 2], missingObjects: 0))
        #expect(try repository.catalogue.details(of: graphic).text == before)
        #expect(try repository.catalogue.details(of: photo).text == nil)
        #expect(try repository.catalogue.search(try SearchQuery(parsing: "chuyen doi so")).map(\.object.id) == [graphic.id])
    }
}
