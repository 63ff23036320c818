import Foundation
import Glibc
import KhoTestSupport
import Testing

/// One bad file never stops the library: not in `kho ingest`, not in the watch folder.
@Suite("One bad file costs that file only", .serialized)
struct CrashIsolationTests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-crash-isolation") }

    @Test("the three crasher photos are ingested with the rest of the run (they once killed it with SIGILL)")
    func crashersIngest() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let result = try run(["ingest", "--repo", repo, "--json", TestSupport.corpus.deletingLastPathComponent().appendingPathComponent("crashers").path,
                              TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt")])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let items = try #require(report["items"] as? [[String: Any]])
        // The three photos, the folder's README and the plan.
        #expect(items.compactMap { $0["status"] as? String } == ["added", "added", "added", "added", "added"])
        #expect(items.compactMap { ($0["path"] as? String).map { ($0 as NSString).lastPathComponent } }
                == ["README.md", "xmp-flipped-bytes.jpg", "xmp-inserted-bytes-1.jpg", "xmp-inserted-bytes-2.jpg", "KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"])
    }

    @Test("kho crashes on a file: the next ingest reports it and takes the others; a re-saved file is read again")
    func ingestAfterCrash() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let folder = base + "/in"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["a.txt", "hong.txt", "z.txt"] { try Data("Tin bài \(name)".utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let crashed = try run(["ingest", "--repo", repo, folder], env: ["KHO_TEST_CRASH_READING": "hong.txt", "KHO_WORKERS": "1"])
        #expect(crashed.signal == SIGSEGV, "\(crashed)")

        let next = try run(["ingest", "--repo", repo, folder])
        #expect(next.status == 1)
        #expect(next.stdout.contains("  FAILED                    in/hong.txt: kho stopped while reading this file: it crashed on it ("))
        #expect(next.stdout.contains(": 2 new, 0 already stored, 1 failed. Read 28 bytes, stored 28 bytes new (run #2).\n"), "\(next.stdout)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect(stats["objects"] as? Int == 2)

        // Once more: still set aside. Saved again: read, and taken.
        #expect(try run(["ingest", "--repo", repo, folder + "/hong.txt"]).status == 1)
        try Data("Tin bài hong.txt, sửa lại".utf8).write(to: URL(fileURLWithPath: folder + "/hong.txt"))
        let resaved = try run(["ingest", "--repo", repo, folder + "/hong.txt"])
        #expect(resaved.status == 0)
        #expect(resaved.stdout.contains("1 new"))
    }

    @Test("a kill -9 while a file is read is not the file's fault: read again once; a second stop on it sets it aside")
    func killedTwice() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let file = base + "/cham.txt"
        try Data("Tin bài".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try run(["ingest", "--repo", repo, file], env: ["KHO_TEST_KILL_READING": "cham.txt"]).signal == SIGKILL)
        #expect(try run(["ingest", "--repo", repo, file], env: ["KHO_TEST_KILL_READING": "cham.txt"]).signal == SIGKILL)
        let third = try run(["ingest", "--repo", repo, file])
        #expect(third.status == 1)
        #expect(third.stdout.contains("cham.txt: kho stopped twice while reading this file ("))
    }

    @Test("the watcher dies on a file: restarted, it sends that file to failed/ with the reason and takes everything else")
    func watcherRestart() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let inbox = base + "/inbox"
        for unit in ["VanPhong", "PhongQLDN"] { try FileManager.default.createDirectory(atPath: inbox + "/" + unit, withIntermediateDirectories: true) }
        try Data("Ảnh hỏng".utf8).write(to: URL(fileURLWithPath: inbox + "/VanPhong/hong.jpg"))
        let log = base + "/watch.log"
        let dying = try startWatcher(inbox: inbox, ["--stable", "0"], log: log, environment: ["KHO_TEST_CRASH_READING": "hong.jpg"])
        #expect(TestSupport.waitForExit(dying, seconds: 60), "the watcher did not die on the file")
        #expect(dying.terminationReason == .uncaughtSignal)
        try Data("Thông báo".utf8).write(to: URL(fileURLWithPath: inbox + "/PhongQLDN/thong-bao.txt"))
        try Data("Biên bản".utf8).write(to: URL(fileURLWithPath: inbox + "/VanPhong/bien-ban.txt"))

        let watcher = try startWatcher(inbox: inbox, ["--stable", "0"], log: log)
        #expect(TestSupport.waitUntil(30) { TestSupport.regularFiles(under: inbox).isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        #expect(watcher.terminationStatus == 0)
        let failed = TestSupport.regularFiles(under: base + "/failed").map { String($0.dropFirst(base.count + 1)) }.sorted()
        #expect(failed == ["failed/VanPhong/hong.jpg", "failed/VanPhong/hong.jpg.error.txt"])
        let note = try String(contentsOfFile: base + "/failed/VanPhong/hong.jpg.error.txt", encoding: .utf8)
        #expect(note.contains("kho stopped while reading this file: it crashed on it"))
        #expect(TestSupport.regularFiles(under: base + "/done").count == 2)
    }

    @Test("kho recover killed half-way leaves the repository as it was; run again, it finishes")
    func recoverInterrupted() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(try run(["ingest", "--repo", repo, TestSupport.corpusPath("images/photos")]).status == 0)
        let objects = TestSupport.regularFiles(under: repo + "/objects/sha256").sorted()
        for suffix in ["", "-wal", "-shm"] { unlink(repo + "/catalogue.sqlite" + suffix) }
        // Killed as it reads the tenth object: the batch in hand is lost, nothing else is touched.
        let victim = "recovered-" + ((objects[9] as NSString).lastPathComponent.prefix(12))
        let killed = try run(["recover", "--repo", repo], env: ["KHO_TEST_KILL_READING": victim, "KHO_WORKERS": "1"])
        #expect(killed.signal == SIGKILL)
        #expect(!FileManager.default.fileExists(atPath: repo + "/catalogue.sqlite"))
        #expect(try run(["ls", "--repo", repo]).status == 2)
        let again = try run(["recover", "--repo", repo, "--json"])
        #expect(again.status == 0, "\(again.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(report["objects_found"] as? Int == objects.count)
        #expect((report["recovered"] as? Int ?? 0) + (report["already_known"] as? Int ?? 0) == objects.count)
        #expect(try run(["audit", "--repo", repo, "--full"]).status == 0)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect(stats["objects"] as? Int == objects.count)
    }
}
