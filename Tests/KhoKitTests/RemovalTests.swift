import Foundation
import GRDB
@testable import KhoCatalogue
import KhoStore
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Removal and garbage collection")
struct RemovalTests {
    @Test("remove hides and logs, undo brings back, gc deletes the bytes only then; the audit stays clean")
    func lifecycle() throws {
        let jpeg = TestSupport.corpusPath("neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg")
        let repository = try IngestedRepository("kho-remove", corpus: ["neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg",
                                                                       "documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt"]).repository
        let object = try repository.resolve(jpeg)
        let query = try SearchQuery(parsing: "ngay chuyen doi so quoc gia")
        var images = SearchFilters()
        images.kind = "image"
        #expect(try repository.catalogue.search(query, filters: images).map(\.object.digest) == [object.digest])

        #expect(try repository.catalogue.remove(objectID: object.id!, by: "it@kho", reason: "bản JPEG trùng bản PNG"))
        #expect(try repository.catalogue.search(query, filters: images).isEmpty)
        #expect(try repository.catalogue.recent(limit: 10).map(\.object.digest).contains(object.digest) == false)
        let log = try repository.catalogue.removals(limit: 5)
        #expect(log.map(\.reason) == ["bản JPEG trùng bản PNG"])
        #expect(log.first?.removedBy == "it@kho")
        #expect(log.first?.collectedAt == nil)
        var options = AuditJob.Options()
        options.full = true
        #expect(try AuditJob(repository: repository, options: options).run().findings == [])

        #expect(try repository.catalogue.restore(objectID: object.id!, by: "editor@kho"))
        #expect(try repository.catalogue.search(query, filters: images).map(\.object.digest) == [object.digest])
        // The undo is a line of its own in the log; the removal's line stays.
        let undone = try repository.catalogue.removals(limit: 5)
        #expect(undone.map(\.reason) == ["bản JPEG trùng bản PNG"])
        #expect(undone.first?.restoredBy == "editor@kho")
        #expect(undone.first?.restoredAt != nil)
        #expect(throws: (any Error).self) { try repository.catalogue.write { db in try db.execute(sql: "DELETE FROM removals") } }
        #expect(try repository.catalogue.removals(limit: 5).count == 1)

        #expect(try repository.catalogue.remove(objectID: object.id!, by: "it@kho", reason: "trùng"))
        let path = repository.store.path(for: Digest(hex: object.digest)!)
        let dry = try GarbageCollection(repository: repository).run(dryRun: true)
        #expect(dry.collected == [object.digest])
        #expect(FileManager.default.fileExists(atPath: path))
        let report = try GarbageCollection(repository: repository).run(dryRun: false)
        #expect(report.collected == [object.digest])
        #expect(report.bytesFreed == object.size)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try repository.catalogue.objectCount() == 1)
        let after = try repository.catalogue.removals(limit: 5)
        #expect(after.map(\.reason) == ["trùng", "bản JPEG trùng bản PNG"])
        #expect(after.first?.collectedAt != nil)
        #expect(after.first?.restoredAt == nil)
        #expect(try AuditJob(repository: repository, options: options).run().findings == [])
    }

    @Test("bytes removed and dropped in again are never brought back silently: the line says so, before and after gc")
    func removedBytesComeBack() throws {
        let jpeg = TestSupport.corpusPath("neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg")
        let repository = try IngestedRepository("kho-remove-again", paths: [jpeg]).repository
        let dir = (repository.root as NSString).deletingLastPathComponent
        let object = try repository.resolve(jpeg)
        #expect(try repository.catalogue.remove(objectID: object.id!, by: "it@kho", reason: "có ảnh cá nhân"))
        let day = String(try repository.catalogue.removals(limit: 1)[0].removedAt.prefix(10))

        // Someone drops a copy in again while the removal can still be undone.
        let copy = dir + "/anh-lai.jpg"
        try FileManager.default.copyItem(atPath: jpeg, toPath: copy)
        var items: [IngestItem] = []
        _ = try IngestJob(repository: repository, options: .init()).run(roots: [copy]) { items.append($0) }
        #expect(items.map(\.status) == [.duplicate])
        #expect(items[0].removed == true)
        #expect(items[0].reason == "removed on \(day) by it@kho (có ảnh cá nhân): still hidden — kho remove \(object.digest.prefix(12)) --undo brings it back")
        let query = try SearchQuery(parsing: "anh lai")
        #expect(try repository.catalogue.search(query).isEmpty)

        // After gc the bytes are gone; dropped in again they are stored again, and that is said too.
        _ = try GarbageCollection(repository: repository).run(dryRun: false)
        items = []
        _ = try IngestJob(repository: repository, options: .init()).run(roots: [copy]) { items.append($0) }
        #expect(items.map(\.status) == [.added])
        #expect(items[0].removed == true)
        #expect(items[0].reason == "these bytes were removed on \(day) by it@kho (có ảnh cá nhân) and collected; stored again")
        #expect(try repository.catalogue.search(query).map(\.object.digest) == [object.digest])

        // A file never removed carries no such note.
        items = []
        _ = try IngestJob(repository: repository, options: .init()).run(roots: [TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt")]) { items.append($0) }
        #expect(items.map(\.removed) == [nil])
    }
}
