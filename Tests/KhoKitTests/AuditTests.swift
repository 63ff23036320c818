import Foundation
import GRDB
import Glibc
@testable import KhoCatalogue
import KhoMedia
import KhoStore
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

/// A repository of real corpus files with one synced mirror, in a scratch folder.
/// Flips bits of one byte of a read-only object in place, as a failing disk would; size unchanged.
func flipByte(_ path: String, at offset: off_t, mask: UInt8) {
    chmod(path, 0o644)
    let fd = open(path, O_RDWR)
    var byte: UInt8 = 0
    pread(fd, &byte, 1, offset)
    byte ^= mask
    pwrite(fd, &byte, 1, offset)
    close(fd)
    chmod(path, 0o444)
}

struct AuditFixture {
    let base: String
    let root: String
    let mirror: String
    let repository: Repository

    init() throws {
        // Audits are about bytes: no OCR (tested elsewhere).
        repository = try IngestedRepository("kho-audit", corpus: ["images/photos", "documents"], unit: "VanPhong", ocr: false).repository
        root = repository.root
        base = (root as NSString).deletingLastPathComponent
        mirror = base + "/mirror"
        let record = try MirrorJob(repository: repository).add(path: mirror)
        _ = try MirrorJob(repository: repository).sync(record)
    }

    /// The objects' digests, in id order.
    func digests() throws -> [String] {
        try repository.catalogue.read { db in try String.fetchAll(db, sql: "SELECT digest FROM objects ORDER BY id") }
    }

    func objectPath(_ digest: String) -> String { repository.store.path(for: Digest(hex: digest)!) }

    func audit(full: Bool = true, budget: AuditBudget? = nil, on repository: Repository? = nil) throws -> AuditReport {
        var options = AuditJob.Options()
        options.full = full
        options.budget = budget
        return try AuditJob(repository: repository ?? self.repository, options: options).run()
    }

    /// Every object file hashes to its name (sha256sum, the reference), and there are `count`.
    func everyDigestMatches(count: Int) throws -> Bool {
        let files = TestSupport.regularFiles(under: root + "/objects/sha256")
        guard files.count == count else { return false }
        let sums = try TestSupport.run("/usr/bin/sha256sum", files).stdout.split(separator: "\n")
        return sums.count == count && sums.allSatisfy { $0.prefix(64) == $0.suffix(64) }
    }
}

@Suite("Audit, mirror and repair")
struct AuditTests {
    @Test("a clean repository audits clean; its mirror holds every object and a readable catalogue snapshot")
    func clean() throws {
        let f = try AuditFixture()
        let report = try f.audit()
        #expect(report.findings == [])
        #expect(report.objectsChecked == report.objects)
        #expect(report.objects == (try f.digests().count))
        #expect(report.objectsLeft == 0)
        let mirrored = try Repository(root: f.mirror, writable: false)
        #expect(try mirrored.catalogue.objectCount() == report.objects)
        #expect(try f.audit(on: mirrored).findings == [])
        #expect(try f.repository.catalogue.mirrors().first?.objects == report.objects)
    }

    @Test("flipped byte, truncation, deletion, a stray, a half-written tmp file, a writable object, lost index rows: all found, all mended from the mirror")
    func faults() throws {
        let f = try AuditFixture()
        let digests = try f.digests()
        let (flipped, truncated, deleted, loose) = (digests[0], digests[1], digests[2], digests[3])
        // One byte flipped, size unchanged: only hashing can tell.
        let p0 = f.objectPath(flipped)
        flipByte(p0, at: 100, mask: 0xFF)
        let p1 = f.objectPath(truncated)
        chmod(p1, 0o644)
        truncate(p1, 1000)
        chmod(p1, 0o444)
        unlink(f.objectPath(deleted))
        chmod(f.objectPath(loose), 0o664)
        let strayName = String(repeating: "ab", count: 32)
        try Data("nobody knows me".utf8).write(to: URL(fileURLWithPath: f.root + "/objects/sha256/ab/" + strayName))
        try FileManager.default.createDirectory(atPath: f.root + "/tmp/4242-dead", withIntermediateDirectories: true)
        try Data(repeating: 7, count: 5000).write(to: URL(fileURLWithPath: f.root + "/tmp/4242-dead/half"))
        try f.repository.catalogue.write { db in try db.execute(sql: "DELETE FROM search WHERE rowid IN (SELECT id FROM objects ORDER BY id LIMIT 3)") }

        let found = try f.audit()
        let kinds = Dictionary(grouping: found.findings, by: \.kind).mapValues(\.count)
        #expect(kinds == [.corrupt: 2, .missing: 1, .permissions: 1, .stray: 1, .tmpLeftover: 1, .searchIndex: 1])
        #expect(Set(found.findings.filter { $0.kind == .corrupt }.compactMap(\.digest)) == [flipped, truncated])
        #expect(found.findings.first { $0.kind == .missing }?.digest == deleted)
        #expect(found.findings.first { $0.kind == .permissions }?.digest == loose)
        #expect(found.findings.first { $0.kind == .stray }?.path == f.root + "/objects/sha256/ab/" + strayName)
        #expect(found.findings.first { $0.kind == .searchIndex }?.detail == "3 item(s) are missing from the search index — `kho repair` rebuilds it")
        // Corrupt bytes are set aside, never deleted; the catalogue flags them, and search shows it.
        #expect(FileManager.default.fileExists(atPath: f.root + "/quarantine/damaged/" + flipped))
        #expect(!FileManager.default.fileExists(atPath: p0))
        let damaged = try f.repository.catalogue.damagedObjects()
        #expect(Dictionary(uniqueKeysWithValues: damaged.map { ($0.digest, $0.damage!) }) == [flipped: .corrupt, truncated: .corrupt, deleted: .missing])
        // A second audit still reports the damage until it is mended.
        #expect(try f.audit().findings.filter { $0.kind == .corrupt || $0.kind == .missing }.count == 3)

        let repaired = try RepairJob(root: f.root).run()
        #expect(repaired.unmended == [])
        let mendedKinds = Dictionary(grouping: repaired.mended, by: \.kind).mapValues(\.count)
        // The stray is named like an object but its bytes do not match: damaged, so set aside with them.
        #expect(mendedKinds == [.corrupt: 3, .missing: 1, .permissions: 1, .tmpLeftover: 1, .searchIndex: 1])
        #expect(repaired.mended.first { $0.digest == deleted }?.detail == "missing; restored from the mirror \(f.mirror), digest verified")

        let reopened = try Repository(root: f.root, writable: false)
        let after = try f.audit(on: reopened)
        #expect(after.findings == [])
        #expect(try reopened.catalogue.damagedObjects().isEmpty)
        #expect(try f.everyDigestMatches(count: digests.count))
        #expect(FileManager.default.fileExists(atPath: f.root + "/quarantine/damaged/" + strayName))
    }

    @Test("without a mirror, a damaged object comes back from the file it was ingested from; with neither, repair says so")
    func repairFromSource() throws {
        let base = try TestSupport.scratchDirectory("kho-audit-src")
        let repository = try Repository.initialize(at: base + "/Storage").0
        let original = base + "/bao-cao.txt", gone = base + "/nhap.txt"
        try Data("Báo cáo chuyển đổi số quý IV".utf8).write(to: URL(fileURLWithPath: original))
        try Data("bản nháp sẽ bị xoá".utf8).write(to: URL(fileURLWithPath: gone))
        _ = try IngestJob(repository: repository, options: .init()).run(roots: [original, gone])
        for path in [original, gone] {
            unlink(repository.store.path(for: Digest(hex: try TestSupport.sha256sum(path))!))
        }
        unlink(gone)
        var options = AuditJob.Options()
        options.full = true
        // Every object gone at once looks like a disk that is not mounted: said in one line, and
        // repair mends only when told to.
        #expect(try AuditJob(repository: repository, options: options).run().findings.map(\.kind) == [.missing])
        #expect(throws: RepairJob.Failure.self) { try RepairJob(root: base + "/Storage").run() }
        let report = try RepairJob(root: base + "/Storage", force: true).run()
        #expect(report.mended.count == 1)
        #expect(report.mended.first?.detail == "missing; restored from its source \(original), digest verified")
        #expect(report.unmended.count == 1)
        #expect(report.unmended.first?.detail == "missing; no mirror or source path holds these bytes any more")
    }

    @Test("a page of a catalogue copy corrupted: the audit finds it; repair rebuilds it from the mirror's snapshot and adopts objects stored since")
    func damagedCatalogue() throws {
        let f = try AuditFixture()
        // Stored after the mirror's snapshot: known only to the objects/ folder once the catalogue is lost.
        let late = f.base + "/muon.txt"
        try Data("Thông báo đến sau bản sao".utf8).write(to: URL(fileURLWithPath: late))
        _ = try IngestJob(repository: f.repository, options: .init()).run(roots: [late])
        try f.repository.catalogue.checkpoint()
        let objects = try f.digests().count

        let copy = f.base + "/copy"
        #expect(try TestSupport.run("/bin/cp", ["-a", f.root, copy]).status == 0)
        let page = try f.repository.catalogue.read { db in
            try Int.fetchOne(db, sql: "SELECT pageno FROM dbstat WHERE name = 'sources_path' ORDER BY pageno LIMIT 1")
        }
        let pageno = try #require(page)
        let fd = open(copy + "/catalogue.sqlite", O_RDWR)
        let garbage = [UInt8](repeating: 0x5A, count: 4096)
        _ = garbage.withUnsafeBytes { pwrite(fd, $0.baseAddress, 4096, off_t((pageno - 1) * 4096)) }
        close(fd)

        let damaged = try Repository(root: copy, writable: false)
        let found = try AuditJob(repository: damaged, options: .init()).run().findings
        #expect(found.contains { $0.kind == .catalogue })
        #expect(RepairJob.catalogueTrouble(root: copy)?.hasPrefix("the catalogue \(copy)/catalogue.sqlite is damaged: ") == true)

        #expect(throws: RepairJob.Failure.self) { try RepairJob(root: copy).run() }
        let report = try RepairJob(root: copy, mirrors: [f.mirror]).run()
        #expect(report.catalogueRestoredFrom == f.mirror)
        #expect(report.adopted == 1)
        #expect(report.unmended == [])
        let restored = try Repository(root: copy, writable: false)
        #expect(try restored.catalogue.objectCount() == objects)
        var options = AuditJob.Options()
        options.full = true
        #expect(try AuditJob(repository: restored, options: options).run().findings == [])
        // The adopted object's text was extracted again: it can be found.
        let hits = try restored.catalogue.search(try SearchQuery(parsing: "\"thong bao den sau ban sao\""))
        #expect(hits.first?.object.digest == (try TestSupport.sha256sum(late)))
        #expect(hits.first?.tier == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: copy).contains { $0.hasPrefix("catalogue.sqlite.damaged-") })
    }

    @Test("a lost catalogue is rebuilt from the mirror")
    func lostCatalogue() throws {
        let f = try AuditFixture()
        let objects = try f.digests().count
        for suffix in ["", "-wal", "-shm"] { unlink(f.root + "/catalogue.sqlite" + suffix) }
        #expect(RepairJob.catalogueTrouble(root: f.root) == "the catalogue \(f.root)/catalogue.sqlite is missing")
        let report = try RepairJob(root: f.root, mirrors: [f.mirror]).run()
        #expect(report.catalogueRestoredFrom == f.mirror)
        #expect(report.adopted == 0)
        let restored = try Repository(root: f.root, writable: false)
        #expect(try restored.catalogue.objectCount() == objects)
        // The mirror's proof of its own copies is not taken for proof of these.
        #expect(try restored.catalogue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM objects WHERE last_verified_at IS NOT NULL") } == 0)
        #expect(try f.audit(on: restored).findings == [])
    }

    @Test("a corrupt copy in a mirror is found by auditing the mirror, and the next sync puts it back")
    func mirrorAudit() throws {
        let f = try AuditFixture()
        let digest = try f.digests()[4]
        let inMirror = f.mirror + String(f.objectPath(digest).dropFirst(f.root.count))
        chmod(inMirror, 0o644)
        truncate(inMirror, 10)
        chmod(inMirror, 0o444)
        let mirrored = try Repository(root: f.mirror, writable: false)
        let found = try f.audit(on: mirrored).findings
        #expect(found.map(\.kind) == [.corrupt])
        #expect(found.first?.digest == digest)
        let sync = try MirrorJob(repository: f.repository).sync(try f.repository.catalogue.mirrors()[0])
        #expect(sync.copied == 1)
        #expect(try f.audit(on: try Repository(root: f.mirror, writable: false)).findings == [])
    }

    @Test("a mirror keeps its own audit state across syncs: when each of its copies was proven, and its history")
    func mirrorStateAcrossSyncs() throws {
        let f = try AuditFixture()
        func verified(_ root: String) throws -> [String: String] {
            let catalogue = try Repository(root: root, writable: false).catalogue
            defer { try? catalogue.close() }
            return try catalogue.read { db in
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT digest, coalesce(last_verified_at, '') AS v FROM objects")
                    .map { ($0["digest"] as String, $0["v"] as String) })
            }
        }
        func history(_ root: String) throws -> [String] {
            let catalogue = try Repository(root: root, writable: false).catalogue
            defer { try? catalogue.close() }
            return try catalogue.auditRuns(limit: 10).map(\.target)
        }
        // Every copy was hashed as it landed in the mirror: proven then, by the sync.
        #expect(try verified(f.mirror).values.allSatisfy { !$0.isEmpty })
        // The repository is audited, then the mirror: each run is recorded where it belongs.
        _ = try f.audit()
        let mirrored = try Repository(root: f.mirror, writable: false)
        #expect(try f.audit(on: mirrored).findings == [])
        try mirrored.catalogue.close()
        let proven = try verified(f.mirror)
        #expect(try history(f.mirror) == [f.mirror])

        // Something new, and a sync: the mirror's own dates and history survive the new snapshot.
        var options = IngestJob.Options(unit: "VanPhong")
        options.ocr = false
        _ = try IngestJob(repository: f.repository, options: options).run(roots: [TestSupport.corpusPath("media")])
        let sync = try MirrorJob(repository: f.repository).sync(try f.repository.catalogue.mirrors()[0])
        #expect(sync.copied > 0)
        let after = try verified(f.mirror)
        for (digest, date) in proven { #expect(after[digest] == date, "\(digest)") }
        #expect(after.count == proven.count + sync.copied)
        #expect(after.filter { proven[$0.key] == nil }.values.allSatisfy { !$0.isEmpty })
        #expect(try history(f.mirror) == [f.mirror])
        #expect(try history(f.root) == [f.root])
    }

    @Test("a budget re-reads the least recently verified first and leaves the rest for the next run")
    func budget() throws {
        let f = try AuditFixture()
        let total = try f.digests().count
        var seen = Set<String>()
        for run in 1...3 {
            let report = try f.audit(full: false, budget: .bytes(1))
            #expect(report.objectsChecked == 1)
            #expect(report.objectsLeft == total - 1)  // with a budget, every object not re-read in this run is due
            // A run reads at least one object: the cycle is counted in runs like this one.
            let bytes = try f.repository.catalogue.totalObjectBytes()
            #expect(report.cycleRuns == Int((Double(bytes) / Double(report.bytesChecked)).rounded(.up)))
            let verified = try f.repository.catalogue.read { db in
                try String.fetchAll(db, sql: "SELECT digest FROM objects WHERE last_verified_at IS NOT NULL")
            }
            #expect(verified.count == run)
            seen.formUnion(verified)
        }
        #expect(seen.count == 3)
        #expect(try f.audit(full: false).objectsChecked == total - 3)
        #expect(try f.audit(full: false).objectsChecked == 0)  // all verified within 30 days
        #expect(try f.audit(full: true).objectsChecked == total)
    }

    @Test("a nightly budget goes round the whole store: a byte flipped in any one of 100 objects is found within 10 runs of a budget that fits 10",
          arguments: [0, 49, 99])
    func budgetGoesRound(victim: Int) throws {
        let base = try TestSupport.scratchDirectory("kho-audit-round")
        let repository = try Repository.initialize(at: base + "/Storage").0
        try FileManager.default.createDirectory(atPath: base + "/in", withIntermediateDirectories: true)
        for i in 0..<100 {
            try Data((String(format: "Tin bài số %03d. ", i) + String(repeating: "chuyển đổi số ", count: 70)).utf8.prefix(1000))
                .write(to: URL(fileURLWithPath: base + String(format: "/in/tin-%03d.txt", i)))
        }
        var options = IngestJob.Options()
        options.fingerprints = false
        _ = try IngestJob(repository: repository, options: options).run(roots: [base + "/in"])
        #expect(try repository.catalogue.objectCount() == 100)
        // Everything proven today: the old rule (re-read after 30 days) would not look again for a month.
        var full = AuditJob.Options()
        full.full = true
        #expect(try AuditJob(repository: repository, options: full).run().findings == [])
        usleep(2000)
        // The victim, counted in the order the audits will reach them (least recently verified first).
        let order = try repository.catalogue.read { db in
            try String.fetchAll(db, sql: "SELECT digest FROM objects ORDER BY last_verified_at, id")
        }
        flipByte(repository.store.path(for: Digest(hex: order[victim])!), at: 500, mask: 0x01)

        var nightly = AuditJob.Options()
        nightly.budget = .bytes(10_000)
        var foundAt: Int?
        for night in 1...10 {
            let report = try AuditJob(repository: repository, options: nightly).run()
            #expect(report.objectsChecked == 10)
            #expect(report.cycleRuns == 10)
            if report.findings.contains(where: { $0.kind == .corrupt && $0.digest == order[victim] }) { foundAt = night; break }
            #expect(report.findings == [])
        }
        #expect(foundAt == victim / 10 + 1)
    }

    @Test("budgets are read as people write them")
    func budgets() {
        #expect(AuditBudget("30m") == .seconds(1800))
        #expect(AuditBudget("2h") == .seconds(7200))
        #expect(AuditBudget("90s") == .seconds(90))
        #expect(AuditBudget("50GB") == .bytes(50_000_000_000))
        #expect(AuditBudget("512MiB") == .bytes(536_870_912))
        #expect(AuditBudget("1.5TB") == .bytes(1_500_000_000_000))
        #expect(AuditBudget("soon") == nil)
        #expect(AuditBudget("0m") == nil)
        #expect(AuditBudget("10 parsecs") == nil)
    }
}
