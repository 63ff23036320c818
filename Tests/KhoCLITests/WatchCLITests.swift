import Foundation
import Glibc
import KhoTestSupport
import Testing

/// `kho watch` and `kho status` as the service runs them: a real process, real signals.
@Suite("kho watch as a process", .serialized)
struct WatchCLITests: CommandLineSuite {
    let base: String
    let inbox: String

    init() throws {
        base = try TestSupport.scratchDirectory("kho-watch-cli")
        inbox = base + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    }

    /// Starts `kho watch`; its stderr goes to `log`.
    func startWatcher(_ extra: [String] = [], log: String, crashAt: String? = nil) throws -> Process {
        try startWatcher(inbox: inbox, extra, log: log, environment: crashAt.map { ["KHO_TEST_CRASH": $0] } ?? [:])
    }

    func filesUnder(_ folder: String) -> [String] { TestSupport.regularFiles(under: folder) }

    @Test("SIGTERM sent at any moment of start-up stops the watcher: never lost, never a hang")
    func stopDuringStartup() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let log = base + "/watch.log"
        for delay in stride(from: 0, through: 300_000, by: 20_000) {
            let watcher = try startWatcher(["--stable", "0.2"], log: log)
            usleep(useconds_t(delay))
            #expect(TestSupport.stop(watcher, seconds: 10), "SIGTERM after \(delay / 1000) ms was not heard")
            // Before kho blocks the signal (the first instants), the default action ends it; after, a clean stop.
            #expect(watcher.terminationReason == .uncaughtSignal || watcher.terminationStatus == 0, "after \(delay / 1000) ms")
        }
    }

    @Test("kill -9 four times in the middle of a burst, then a restart: every file ingested exactly once, no original lost")
    func killedMidBurst() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let units = ["VanPhong", "PhongQLDN", "PhongKinhTe", "BanTuyenGiao", "UBNDPhuong"]
        let total = 800
        let log = base + "/watch.log"
        var watcher = try startWatcher(["--stable", "0.2"], log: log)

        // The writer keeps dropping files while the watcher is killed and restarted.
        let writer = Thread {
            for i in 0..<total {
                let folder = self.inbox + "/" + units[i % units.count]
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try? Data("Tin bài số \(i) — chuyển đổi số.\n".utf8).write(to: URL(fileURLWithPath: folder + "/tin-\(i).txt"))
                if i % 20 == 19 { usleep(30_000) }
            }
        }
        writer.start()
        for round in 0..<4 {
            let before = filesUnder(base + "/done").count
            #expect(TestSupport.waitUntil(30) { filesUnder(base + "/done").count >= before + 40 }, "round \(round): nothing moved")
            TestSupport.stop(watcher, signal: SIGKILL)
            #expect(watcher.terminationReason == .uncaughtSignal)
            watcher = try startWatcher(["--stable", "0.2"], log: log)
        }
        #expect(TestSupport.waitUntil(60) { filesUnder(base + "/done").count == total && filesUnder(inbox).isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        #expect(watcher.terminationStatus == 0)

        // Every original once in done/, with its own bytes; one object and one source per file.
        let done = filesUnder(base + "/done")
        #expect(done.count == total)
        var contents = Set<String>()
        for path in done { contents.insert(try String(contentsOfFile: path, encoding: .utf8)) }
        #expect(contents.count == total)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect(stats["objects"] as? Int == total)
        #expect(stats["sources"] as? Int == total)
        let objects = filesUnder(repo + "/objects/sha256")
        #expect(objects.count == total)
        // The store's names are the sha256 of its bytes, and those are the originals' bytes.
        let sums = try TestSupport.run("/usr/bin/sha256sum", objects).stdout.split(separator: "\n")
        #expect(sums.count == total)
        #expect(sums.allSatisfy { line in line.prefix(64) == line.suffix(64) })
        let original = Set(try TestSupport.run("/usr/bin/sha256sum", done).stdout.split(separator: "\n").map { String($0.prefix(64)) })
        #expect(original == Set(objects.map { String($0.suffix(64)) }))
        let status = try run(["status", "--repo", repo, "--json"])
        #expect(status.status == 1)  // no watcher running now
        let report = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let journal = try #require(report["journal"] as? [String: Any])
        #expect(journal["unfinished"] as? Int == 0)
        #expect(filesUnder(repo + "/tmp").filter { !$0.hasSuffix(".lock") }.isEmpty)
    }

    @Test("killed right after the catalogue commit, after the journal, and half-way through the moves: the restart finishes exactly once",
          arguments: ["catalogued", "journaled", "moving"])
    func crashPoints(point: String) throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let total = 50
        for i in 0..<total {
            let folder = inbox + "/" + ["VanPhong", "PhongQLDN"][i % 2]
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("Ảnh sự kiện số \(i)".utf8).write(to: URL(fileURLWithPath: folder + "/anh-\(i).txt"))
        }
        let log = base + "/watch.log"
        let crashing = try startWatcher(["--stable", "0"], log: log, crashAt: point)
        #expect(TestSupport.waitForExit(crashing, seconds: 60), "the crash point was never reached")
        #expect(crashing.terminationReason == .uncaughtSignal)
        let movedBeforeRestart = filesUnder(base + "/done").count
        #expect(movedBeforeRestart == (point == "moving" ? total / 2 : 0))

        let watcher = try startWatcher(["--stable", "0"], log: log)
        #expect(TestSupport.waitUntil(30) { filesUnder(base + "/done").count == total && filesUnder(inbox).isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        #expect(watcher.terminationStatus == 0)

        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect(stats["objects"] as? Int == total)
        #expect(stats["sources"] as? Int == total)
        #expect(filesUnder(repo + "/objects/sha256").count == total)
        let text = try String(contentsOfFile: log, encoding: .utf8)
        switch point {
        case "catalogued":
            // Nothing in the journal yet: taken again, found already stored — no second object.
            #expect(text.components(separatedBy: "  DUPLICATE  ").count - 1 == total)
        case "journaled":
            #expect(text.contains("kho watch: the previous run stopped before finishing \(total) original(s): \(total) handled now, 0 already were"))
        default:
            #expect(text.contains("kho watch: the previous run stopped before finishing \(total) original(s): \(total - total / 2) handled now, \(total / 2) already were"))
        }
        let status = try #require(try JSONSerialization.jsonObject(with: Data(try run(["status", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect((status["journal"] as? [String: Any])?["unfinished"] as? Int == 0)
    }

    @Test("one watcher per repository; kho status while it runs; SIGTERM stops it cleanly with exit 0; JSON log lines")
    func lifecycle() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let log = base + "/watch.log"
        let watcher = try startWatcher(["--stable", "0.2", "--log-json"], log: log)
        #expect(TestSupport.waitUntil(10) { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("watching") == true })

        let second = try run(["watch", "--repo", repo, inbox])
        #expect(second.status == 2)
        #expect(second.stderr == "kho: another kho watch (pid \(watcher.processIdentifier)) is already watching into \(repo); stop it first (for the service: systemctl stop kho-watch), or give another --repo\n")

        try FileManager.default.createDirectory(atPath: inbox + "/VanPhong", withIntermediateDirectories: true)
        try Data("Thông báo lịch họp".utf8).write(to: URL(fileURLWithPath: inbox + "/VanPhong/thong-bao.txt"))
        #expect(TestSupport.waitUntil(10) { filesUnder(inbox).isEmpty })
        #expect(TestSupport.waitUntil(5) { (try? run(["status", "--repo", repo]))?.stdout.contains("Since start: 1 added") == true })
        let status = try run(["status", "--repo", repo])
        #expect(status.status == 0)
        #expect(status.stdout.hasPrefix("Watcher: running (pid \(watcher.processIdentifier)) since "))
        #expect(status.stdout.contains("Inbox:   \(inbox)\nQueue:   empty\nSince start: 1 added\nAll time: 1 file(s) taken from inboxes: 1 added; last at "))

        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        #expect(watcher.terminationReason == .exit)
        #expect(watcher.terminationStatus == 0)
        let after = try run(["status", "--repo", repo])
        #expect(after.status == 1)
        #expect(after.stdout.hasPrefix("Watcher: not running (last seen "))

        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let file = try #require(objects.first { $0["result"] != nil })
        #expect(file["result"] as? String == "added")
        #expect(file["unit"] as? String == "VanPhong")
        #expect(file["name"] as? String == "thong-bao.txt")
        #expect((file["digest"] as? String)?.count == 64)
        #expect(file["ms"] is Int)
        #expect((file["moved_to"] as? String)?.hasPrefix(base + "/done/VanPhong/") == true)
        #expect(objects.last?["notice"] as? String == "stopped")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        let last = try #require(stats["last_run"] as? [String: Any])
        #expect(last["command"] as? String == "watch")
        #expect(last["finished_at"] is String)
    }

    @Test("cannot start: a missing inbox or a wrong kho.toml exits 2 naming the problem")
    func cannotStart() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let missing = try run(["watch", "--repo", repo, base + "/khong-co"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "kho: the inbox \(base)/khong-co is not a folder that can be read — create it (one sub-folder per unit) or check the path\n")
        try "[watch]\nafter = \"archive\"\n".write(toFile: repo + "/kho.toml", atomically: true, encoding: .utf8)
        let wrong = try run(["watch", "--repo", repo, inbox])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "kho: the settings file \(repo)/kho.toml cannot be used: [watch] after must be \"keep\", \"move\" or \"delete\"\n")
        let usage = try run(["watch", "--repo", repo, inbox, "--after", "archive"])
        #expect(usage.status == 2)
    }
}
