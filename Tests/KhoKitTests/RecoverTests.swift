import Foundation
import Glibc
import GRDB
import KhoCatalogue
import KhoStore
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

/// A lost catalogue never empties the library: not by `init`, not by `repair`, and `recover`
/// brings every object back from the store.
@Suite("Recovering a lost catalogue", .serialized)
struct RecoverTests {
    /// Files under a folder, recursively (quarantine/, say).
    func files(under folder: String) -> [String] { TestSupport.regularFiles(under: folder).sorted() }

    func digests(_ repository: Repository, query: String) throws -> Set<String> {
        var filters = SearchFilters()
        filters.limit = 1000
        return Set(try repository.catalogue.search(try SearchQuery(parsing: query), filters: filters).map(\.object.digest))
    }

    @Test("the whole corpus: init refused, recover makes every object an item again and every corpus query finds the same documents")
    func wholeCorpus() throws {
        let original = try SharedCorpusRepository.repository
        let copy = try TestSupport.scratchDirectory("kho-recover") + "/Storage"
        #expect(try TestSupport.run("/bin/cp", ["-a", original.root, copy]).status == 0)
        for suffix in ["", "-wal", "-shm"] { unlink(copy + "/catalogue.sqlite" + suffix) }
        let quarantineBefore = files(under: copy + "/quarantine")

        // Following kho's own advice never empties the library.
        #expect(Repository.hasLostCatalogue(at: copy))
        #expect(throws: Repository.Failure.self) { try Repository.initialize(at: copy) }
        #expect(throws: Repository.Failure.self) { try Repository(root: copy, writable: true) }
        #expect(throws: RepairJob.Failure.self) { try RepairJob(root: copy).run() }
        #expect(!FileManager.default.fileExists(atPath: copy + "/catalogue.sqlite"))

        let report = try RecoverJob(root: copy).run()
        let objects = try original.catalogue.objectCount()
        #expect(report.objectsFound == objects)
        #expect(report.recovered == objects)
        #expect(report.setAside == [])
        #expect(files(under: copy + "/quarantine") == quarantineBefore)
        let recovered = try Repository(root: copy, writable: false)
        #expect(try recovered.catalogue.objectCount() == objects)

        // Every must_include file of queries.tsv is found again (by content: the names are gone).
        for row in try TestSupport.readTSV("queries.tsv") {
            let query = row["query"]!
            let found = try digests(recovered, query: query)
            for relative in row["must_include"]!.split(separator: ",").map(String.init) {
                let digest = try TestSupport.sha256sum(TestSupport.corpusPath(relative))
                #expect(found.contains(digest), "\(query) → \(relative)")
            }
        }
        // Its name and folder are unknown, and said so.
        let one = try #require(try recovered.catalogue.recent(limit: 1).first)
        #expect(one.sources.map(\.fileName) == [RecoveredName.fileName(for: Digest(hex: one.object.digest)!)])
        var full = AuditJob.Options()
        full.full = true
        #expect(try AuditJob(repository: recovered, options: full).run().findings == [])
    }

    @Test("recover --from a mirror: names, units back; a lost object copied back; a later one recovered bare; safe to run again")
    func fromMirror() throws {
        let f = try AuditFixture()
        let late = f.base + "/muon.txt"
        try Data("Thông báo đến sau bản sao".utf8).write(to: URL(fileURLWithPath: late))
        _ = try IngestJob(repository: f.repository, options: .init(unit: "PhongQLDN")).run(roots: [late])
        let known = try f.repository.catalogue.recent(limit: 100)
        let lost = try f.digests()[3]
        try f.repository.catalogue.checkpoint()
        chmod(f.objectPath(lost), 0o644)
        unlink(f.objectPath(lost))
        for suffix in ["", "-wal", "-shm"] { unlink(f.root + "/catalogue.sqlite" + suffix) }

        let report = try RecoverJob(root: f.root, mirror: f.mirror).run()
        #expect(report.restoredFromMirror == 1)
        #expect(report.recovered == 1)
        #expect(report.alreadyKnown == known.count - 1)
        #expect(report.setAside == [])
        let recovered = try Repository(root: f.root, writable: false)
        for item in known {
            let details = try recovered.catalogue.details(of: try recovered.resolve(item.object.digest))
            if item.sources.first?.path == late {
                #expect(details.sources.map(\.fileName) == ["recovered-" + item.object.digest.prefix(12)])
                #expect(details.sources.first?.unit == nil)
            } else {
                #expect(details.sources.map(\.path) == item.sources.map(\.path))
                #expect(details.sources.map(\.unit) == item.sources.map { _ in "VanPhong" })
            }
        }
        #expect(try f.everyDigestMatches(count: known.count))
        #expect(try f.audit(on: recovered).findings == [])
        // Run again on a sound catalogue: nothing to do.
        let again = try RecoverJob(root: f.root).run()
        #expect(again.recovered == 0)
        #expect(again.alreadyKnown == known.count)
    }

    @Test("a catalogue that is there but damaged is moved aside, kept, and rebuilt from the objects")
    func damagedCatalogue() throws {
        let f = try AuditFixture()
        let objects = try f.digests().count
        try f.repository.catalogue.checkpoint()
        try f.repository.catalogue.close()
        // The first pages overwritten: SQLite no longer recognises the file.
        let fd = open(f.root + "/catalogue.sqlite", O_RDWR)
        let garbage = [UInt8](repeating: 0x5A, count: 8192)
        _ = garbage.withUnsafeBytes { pwrite(fd, $0.baseAddress, 8192, 0) }
        close(fd)
        #expect(RepairJob.catalogueTrouble(root: f.root) != nil)
        let report = try RecoverJob(root: f.root).run()
        #expect(report.recovered == objects)
        #expect(report.setAside == [])
        let kept = try FileManager.default.contentsOfDirectory(atPath: f.root).filter { $0.hasPrefix("catalogue.sqlite.damaged-") }
        #expect(kept.filter { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }.count == 1)  // with its -wal/-shm, if any
        let recovered = try Repository(root: f.root, writable: false)
        #expect(try recovered.catalogue.objectCount() == objects)
        #expect(try f.audit(on: recovered).findings == [])
    }

    @Test("repair adopts a valid object the catalogue does not know, and quarantines only damaged or misnamed files")
    func repairAdopts() throws {
        let f = try AuditFixture()
        let fresh = f.base + "/fresh"
        let repository = try Repository.initialize(at: fresh).0
        // The objects without their catalogue: what `kho init` over a lost catalogue used to leave.
        #expect(try TestSupport.run("/bin/cp", ["-a", f.root + "/objects/.", fresh + "/objects/"]).status == 0)
        let damaged = try f.digests()[0]
        let damagedPath = repository.store.path(for: Digest(hex: damaged)!)
        chmod(damagedPath, 0o644)
        try Data("not the bytes this name promises".utf8).write(to: URL(fileURLWithPath: damagedPath))
        try Data("junk".utf8).write(to: URL(fileURLWithPath: (damagedPath as NSString).deletingLastPathComponent + "/not-an-object"))

        let report = try RepairJob(root: fresh).run()
        let count = try f.digests().count
        #expect(report.adopted == count - 1)
        #expect(try repository.catalogue.objectCount() == count - 1)
        #expect(report.mended.filter { $0.kind == .corrupt }.map(\.digest) == [damaged])
        #expect(report.mended.filter { $0.kind == .stray }.count == 2)
        #expect(files(under: fresh + "/quarantine").map { String($0.dropFirst(fresh.count)) }
                == ["/quarantine/damaged/\(damaged)", "/quarantine/strays/not-an-object"])
    }

    @Test("an unmounted store: audit says so in one line and flags nothing; repair changes nothing without --force")
    func unmounted() throws {
        let f = try AuditFixture()
        let away = f.base + "/away"
        #expect(rename(f.root + "/objects/sha256", away) == 0)
        #expect(mkdir(f.root + "/objects/sha256", 0o755) == 0)
        let count = try f.digests().count

        let report = try f.audit()
        #expect(report.findings.map(\.detail) == ["\(count) of \(count) objects missing from \(f.root)/objects/sha256 — is the disk mounted, and is --repo right? Nothing was flagged or re-read"])
        #expect(try f.repository.catalogue.damagedObjects().isEmpty)
        #expect(throws: RepairJob.Failure.self) { try RepairJob(root: f.root).run() }
        #expect(try f.repository.catalogue.damagedObjects().isEmpty)
        #expect(files(under: f.root + "/quarantine").isEmpty)

        // Mounted again: all is well, nothing was lost.
        #expect(rmdir(f.root + "/objects/sha256") == 0)
        #expect(rename(away, f.root + "/objects/sha256") == 0)
        #expect(try f.audit().findings == [])
    }
}
