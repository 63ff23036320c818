import Foundation
import GRDB
import KhoCatalogue
import KhoMedia
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Library, the front ends' facade")
struct LibraryTests {
    @Test("opened for reading, SQLite itself refuses the catalogue any write; opened for writing, the same change goes in")
    func readingCannotWrite() throws {
        let root = try TestSupport.scratchDirectory("kho-library") + "/Storage"
        let (writer, created) = try Library.create(at: root)
        #expect(created)
        var options = IngestJob.Options(unit: "VanPhong")
        options.ocr = false
        let summary = try writer.ingest([TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt")], options: options)
        #expect(summary.added == 1)

        let reader = try Library.openForReading(at: root)
        let object = try reader.resolve(TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt"))
        let refused = #expect(throws: DatabaseError.self) {
            try reader.repository.catalogue.tag(objectID: object.id!, add: ["áp phích"], remove: [], by: "test")
        }
        #expect(refused?.resultCode == .SQLITE_READONLY)
        #expect(try reader.topics(of: object).contains { $0.topic == "áp phích" } == false)

        let again = try Library.openForWriting(at: root, changingStore: false)
        let tagged = try again.tag(object, add: ["ap phich"], remove: [])
        #expect(tagged.added == ["ap phich"])
        #expect(tagged.new == ["ap phich"])
        #expect(try reader.topics(of: object).filter { $0.origin == .manual }.map(\.topic) == ["ap phich"])
    }

    @Test("one call gives everything show prints; a search through the reader finds the item")
    func itemAndSearch() throws {
        let ingested = try IngestedRepository("kho-library-item", corpus: ["images/photos/Canon_40D.jpg"], unit: "VanPhong", ocr: false)
        let reader = try Library.openForReading(at: ingested.repository.root)
        let object = try reader.resolve(TestSupport.corpusPath("images/photos/Canon_40D.jpg"))
        let view = try reader.item(object)
        #expect(view.object.kind == .image)
        #expect(view.details.sources.map(\.unit) == ["VanPhong"])
        #expect(view.storedAt == ingested.repository.root + "/objects/sha256/" + object.digest.prefix(2) + "/" + object.digest)
        #expect(view.facts["exif.make"] == .text("Canon"))
        #expect(view.facts["image.width"] == .integer(100))
        #expect(view.fingerprint?.method == .phash)
        #expect(view.fingerprint?.status == .ok)
        #expect(view.object.contentType == .photo)
        var filters = SearchFilters()
        try reader.check(&filters)
        #expect(try reader.search("canon", filters: filters).hits.map(\.object.digest) == [object.digest])
        #expect(try reader.search("", filters: filters).matched == 1)
    }

    @Test("a folder whose catalogue is lost is never opened as an empty library")
    func lostCatalogue() throws {
        let ingested = try IngestedRepository("kho-library-lost", corpus: ["documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt"], ocr: false)
        let root = ingested.repository.root
        for suffix in ["", "-wal", "-shm"] { unlink(root + "/catalogue.sqlite" + suffix) }
        #expect(throws: Repository.Failure.self) { try Library.openForReading(at: root) }
        #expect(!FileManager.default.fileExists(atPath: root + "/catalogue.sqlite"))
    }
}
