import Foundation
import Glibc
import KhoTestSupport
import Testing

/// `kho audit`, `kho mirror` and `kho repair` as cron or a person runs them.
@Suite("kho audit, mirror, repair on the command line")
struct AuditCLITests: CommandLineSuite {
    let base: String
    let mirror: String

    init() throws {
        base = try TestSupport.scratchDirectory("kho-audit-cli")
        mirror = base + "/mirror"
    }

    @Test("exit 0 and an OK line when clean; exit 1, the problems listed and a CRITICAL line when not; repair mends; history lists it all")
    func auditRepairCycle() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(try run(["ingest", "--repo", repo, TestSupport.corpusPath("images/photos")]).status == 0)
        let clean = try run(["audit", "--repo", repo, "--budget", "1GB"])
        #expect(clean.status == 0)
        #expect(clean.stdout.contains("  no problems found\n"))
        #expect(clean.stderr.hasPrefix("KHO AUDIT OK - 29 of 29 objects re-read, no problems | objects=29 checked=29 bytes=2412169 problems=0 left=0 seconds="))

        let added = try run(["mirror", "add", "--repo", repo, mirror])
        #expect(added.status == 0)
        #expect(added.stdout == "Mirror \(mirror) added; fill it with: kho mirror sync\n")
        let synced = try run(["mirror", "sync", "--repo", repo])
        #expect(synced.status == 0)
        #expect(synced.stdout.hasPrefix("\(mirror): 29 object(s) copied (2.41 MB), 29 in the snapshot, in "))
        let again = try run(["mirror", "sync", "--repo", repo, "--json"])
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [[String: Any]])
        #expect(reports.first?["copied"] as? Int == 0)
        #expect(reports.first?["objects"] as? Int == 29)

        let objects = TestSupport.regularFiles(under: repo + "/objects/sha256")
        unlink(objects[0])
        let broken = try run(["audit", "--repo", repo, "--full"])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("  1 problem(s):\n  MISSING        Storage/objects/sha256/"))
        #expect(broken.stderr.hasPrefix("KHO AUDIT CRITICAL - 1 problem(s), run `kho repair` | objects=29 checked=28 "))

        let repaired = try run(["repair", "--repo", repo])
        #expect(repaired.status == 0)
        #expect(repaired.stdout.contains("MENDED     missing  Storage/objects/sha256/"))
        #expect(repaired.stdout.hasSuffix("1 mended, 0 not mended. Check with: kho audit --full\n"))
        #expect(try run(["audit", "--repo", repo, "--full"]).status == 0)

        let history = try run(["audit", "history", "--repo", repo])
        let lines = history.stdout.split(separator: "\n")
        try #require(lines.count == 4)  // one line a run; --problems adds what each found
        #expect(lines[0].contains("clean      audit --full: 29 re-read"))
        #expect(lines[1].contains("mended     repair: 1 mended, 0 not"))
        #expect(lines[2].contains("problems   audit --full: 28 re-read"))
        #expect(lines[3].contains("clean      audit --budget 1GB: 29 re-read"))
        let detailed = try run(["audit", "history", "--repo", repo, "--problems", "-n", "2"]).stdout.split(separator: "\n")
        try #require(detailed.count == 3)
        #expect(detailed[2].hasPrefix("      mended  missing: \(repo)/objects/sha256/"))
    }

    @Test("usage and unusable mirrors: exit 2 with what to do")
    func errors() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let budget = try run(["audit", "--repo", repo, "--budget", "soon"])
        #expect(budget.status == 2)
        #expect(budget.stderr.contains("--budget wants a time (90s, 30m, 2h, 1d) or a size (500MB, 50GB, 512MiB), not 'soon'"))
        let busy = base + "/busy"
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: busy + "/photo.jpg"))
        let occupied = try run(["mirror", "add", "--repo", repo, busy])
        #expect(occupied.status == 2)
        #expect(occupied.stderr == "kho: \(busy) is a folder with other things in it; give an empty folder (or a new one) for the mirror\n")
        let inside = try run(["mirror", "add", "--repo", repo, repo + "/copy"])
        #expect(inside.status == 2)
        let none = try run(["mirror", "sync", "--repo", repo])
        #expect(none.status == 2)
        #expect(none.stderr == "kho: no mirror yet; add one: kho mirror add /path/on/another/disk\n")
        let notMirror = try run(["audit", "--repo", repo, "--mirror", busy])
        #expect(notMirror.status == 2)
        #expect(try run(["ingest", "--repo", repo, TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt")]).status == 0)
        for suffix in ["", "-wal", "-shm"] { unlink(repo + "/catalogue.sqlite" + suffix) }
        let lost = try run(["repair", "--repo", repo])
        #expect(lost.status == 2)
        #expect(lost.stderr == "kho: the catalogue \(repo)/catalogue.sqlite is missing. Rebuild it from the objects with `kho recover --repo \(repo)`, "
                + "or from a mirror's snapshot with `kho repair --from /path/to/mirror`\n")
        // Every other command says the same, and init refuses: it would start an empty catalogue.
        for args in [["ls"], ["init"], ["search", "x"], ["audit"]] {
            let result = try run(args + ["--repo", repo])
            #expect(result.status == 2, "\(args)")
            #expect(result.stderr.hasPrefix("kho: the catalogue of the repository at \(repo) is missing, but its objects/ folder still holds the library's files. "), "\(args)")
        }
        #expect(!FileManager.default.fileExists(atPath: repo + "/catalogue.sqlite"))
        let recovered = try run(["recover", "--repo", repo, "--json"])
        #expect(recovered.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(recovered.stdout.utf8)) as? [String: Any])
        #expect(report["recovered"] as? Int == 1)
        #expect(report["objects_found"] as? Int == 1)
        #expect(try run(["audit", "--repo", repo, "--full"]).status == 0)
    }
}
