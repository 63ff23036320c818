import Foundation
import KhoCatalogue
import KhoStore
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Removal and garbage collection")
struct RemovalTests {
    @Test("remove hides and logs, undo brings back, gc deletes the bytes only then; the audit stays clean")
    func lifecycle() throws {
        let repository = try Repository.initialize(at: try TestSupport.scratchDirectory("kho-remove") + "/Storage").0
        let jpeg = TestSupport.corpusPath("neardup/images/ngay-chuyen-doi-so-quoc-gia-10-10.jpg")
        _ = try IngestJob(repository: repository, options: .init()).run(roots: [jpeg, TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt")])
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

        #expect(try repository.catalogue.restore(objectID: object.id!))
        #expect(try repository.catalogue.search(query, filters: images).map(\.object.digest) == [object.digest])
        #expect(try repository.catalogue.removals(limit: 5).isEmpty)

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
        #expect(try repository.catalogue.removals(limit: 5).first?.collectedAt != nil)
        #expect(try AuditJob(repository: repository, options: options).run().findings == [])
    }
}
