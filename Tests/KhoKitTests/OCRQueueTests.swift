import Foundation
import GRDB
@testable import KhoCatalogue
import KhoMedia
import KhoStore
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("The OCR queue: findable at once, read right after")
struct OCRQueueTests {
    /// A scan made here (3 pages), a poster from the corpus and a plain text, ingested without
    /// reading the queue — what `kho ingest --no-wait` leaves.
    static func dropped(_ label: String) throws -> (Repository, scan: ObjectRecord, poster: ObjectRecord, note: ObjectRecord, IngestSummary) {
        let dir = try TestSupport.scratchDirectory(label + "-in")
        let scan = try TestSupport.makeScan(in: dir, name: "bien-ban-quet", pages: 3, tag: "an toàn thông tin")
        let poster = dir + "/poster-ngay-10-10.jpg"
        try FileManager.default.copyItem(atPath: TestSupport.corpusPath("neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg"), toPath: poster)
        let note = dir + "/ghi-chu.txt"
        try Data("Ghi chú cuộc họp giao ban tuần\r\n".utf8).write(to: URL(fileURLWithPath: note))
        let repository = try Repository.initialize(at: try TestSupport.scratchDirectory(label) + "/Storage").0
        let summary = try IngestJob(repository: repository, options: IngestJob.Options()).run(roots: [dir])
        func object(_ path: String) throws -> ObjectRecord { try #require(try repository.catalogue.objects(sourcePath: path).first) }
        return (repository, try object(scan), try object(poster), try object(note), summary)
    }

    static func found(_ repository: Repository, _ words: String) throws -> [Int64] {
        try repository.catalogue.search(try SearchQuery(parsing: words)).compactMap(\.object.id)
    }

    @Test("ingest catalogues everything and queues the scan and the poster; reading the queue stores their text and what it says")
    func queueThenRead() throws {
        let (repository, scan, poster, note, summary) = try Self.dropped("kho-ocr-queue")
        #expect(summary.added == 3)
        #expect(summary.ocrQueued == 2)
        #expect(summary.warnings == 0)
        let catalogue = repository.catalogue
        let waiting = try catalogue.ocrQueueSummary()
        #expect(waiting.items == 2)
        #expect(waiting.pages == 4)
        #expect(try catalogue.ocrQueue(limit: 10).map(\.entry.work) == [OCRWork.pages, OCRWork.picture])
        // Findable at once by name and text layer; not yet by what only OCR reads.
        #expect(try Self.found(repository, "bien ban quet") == [scan.id!])
        #expect(try Self.found(repository, "poster ngay") == [poster.id!])
        #expect(try Self.found(repository, "giao ban") == [note.id!])
        #expect(try Self.found(repository, "an toan thong tin").isEmpty)
        #expect(try catalogue.object(id: scan.id!)?.extractStatus == .needsOCR)
        #expect(try catalogue.object(id: scan.id!)?.extractNote == OCR.queuedNote)

        var seen: [OCRJob.Progress] = []
        let read = try OCRJob(repository: repository).run(onProgress: { seen.append($0) })
        #expect(read.read == 2 && read.noText == 0 && read.retry == 0 && read.gaveUp == 0 && read.pages == 4)
        #expect(seen.first.map { [$0.itemsDone, $0.itemsTotal, $0.pagesDone, $0.pagesTotal] } == [0, 2, 0, 4])
        #expect(seen.last.map { [$0.itemsDone, $0.pagesDone] } == [2, 4])
        #expect(try catalogue.ocrQueueSummary() == OCRQueueSummary())

        let scanText = try #require(try catalogue.details(of: scan).text)
        #expect(scanText.origin == .ocr)
        #expect(scanText.pages == 3)
        #expect(scanText.body.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                == (1...3).flatMap { TestSupport.scanLines(page: $0, tag: "an toàn thông tin") }.joined(separator: " "))
        let scanAfter = try #require(try catalogue.object(id: scan.id!))
        #expect(scanAfter.extractStatus == .ok)
        #expect(scanAfter.extractNote == "text read by OCR (Tesseract, vie+eng) from 3 page image(s)")
        #expect(try Self.found(repository, "an toan thong tin") == [scan.id!])
        let posterAfter = try #require(try catalogue.object(id: poster.id!))
        #expect(try catalogue.details(of: poster).text?.origin == .ocr)
        #expect(posterAfter.contentType == .graphic)
        #expect(posterAfter.extractNote?.hasSuffix(PictureOCR.note) == true)
        #expect(try Self.found(repository, "chuyen doi so quoc gia").contains(poster.id!))
        // Nothing left: a second run reads nothing.
        #expect(try OCRJob(repository: repository).run() == OCRJob.Summary())
    }

    @Test("a try that fails stays queued with its reason; after three the item leaves the queue, the reason in its note")
    func failuresGiveUp() throws {
        let (repository, scan, poster, _, _) = try Self.dropped("kho-ocr-fail")
        let catalogue = repository.catalogue
        // The poster's stored bytes turn to something Tesseract cannot read (damage an audit would report).
        let path = repository.store.path(for: try #require(Digest(hex: poster.digest)))
        chmod(path, 0o644)
        try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: path))
        // The scan is read; the poster fails once …
        var summary = try OCRJob(repository: repository).run()
        #expect([summary.read, summary.retry, summary.gaveUp] as [Int] == [1, 1, 0])
        let entry = try #require(try catalogue.ocrQueue(limit: 10).first?.entry)
        #expect(entry.objectId == poster.id!)
        #expect(entry.attempts == 1)
        #expect(entry.lastError?.hasPrefix("Tesseract: ") == true)
        #expect(try catalogue.ocrQueueSummary().items == 1)
        // … twice, and the third time it is given up.
        summary = try OCRJob(repository: repository).run()
        #expect([summary.read, summary.retry, summary.gaveUp] as [Int] == [0, 1, 0])
        summary = try OCRJob(repository: repository).run()
        #expect([summary.read, summary.retry, summary.gaveUp] as [Int] == [0, 0, 1])
        #expect(try catalogue.ocrQueueSummary().items == 0)
        let note = try #require(try catalogue.object(id: poster.id!)?.extractNote)
        #expect(note.contains("OCR failed 3 times: Tesseract: "))
        #expect(try catalogue.details(of: poster).text == nil)
        #expect(try catalogue.details(of: scan).text?.origin == .ocr)
    }

    @Test("with OCR off nothing is queued: the scan says it needs OCR, as before")
    func offQueuesNothing() throws {
        let dir = try TestSupport.scratchDirectory("kho-ocr-off-in")
        _ = try TestSupport.makeScan(in: dir, pages: 1)
        let ingested = try IngestedRepository("kho-ocr-off", paths: [dir], ocr: false)
        #expect(ingested.summary.ocrQueued == 0)
        #expect(ingested.summary.warnings == 1)
        #expect(ingested.items.first?.extraction == .needsOCR)
        #expect(try ingested.repository.catalogue.ocrQueueSummary() == OCRQueueSummary())
    }
}

@Suite("The watcher reads the OCR queue between files")
struct WatchOCRTests {
    @Test("a scan dropped in is findable by name once taken, then by its words once the watcher has read it")
    func watcherReadsQueue() throws {
        let h = try WatchHarness(label: "kho-watch-ocr")
        let made = try TestSupport.makeScan(in: try TestSupport.scratchDirectory("kho-watch-ocr-in"), name: "cong-van-quet", pages: 2,
                                            tag: "cải cách hành chính")
        h.start(h.settings())
        try h.drop("VanPhong/cong-van-quet.pdf", Array(try Data(contentsOf: URL(fileURLWithPath: made))))
        let repository = h.repository
        #expect(h.waitUntil(60) { (try? OCRQueueTests.found(repository, "cai cach hanh chinh").count) == 1 })
        #expect(h.waitUntil(10) { h.notices.contains("OCR: read 2 page(s) of 1 item(s) (1 with text)") })
        #expect(h.stopAndWait())
        #expect(h.failure == nil)
        #expect(try OCRQueueTests.found(repository, "cong van quet").count == 1)
        #expect(try repository.catalogue.ocrQueueSummary() == OCRQueueSummary())
        #expect(try h.count("SELECT count(*) FROM texts WHERE origin = 'ocr' AND pages = 2") == 1)
    }
}
