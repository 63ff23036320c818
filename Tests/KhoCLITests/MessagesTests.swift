import Foundation
import KhoTestSupport
import Testing

/// Messages that tell the truth: about destinations, filter values, dates, counts and names.
@Suite("Messages that tell the truth", .serialized)
struct MessagesTests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-messages") }

    /// A repository with a few plans and photos in two units.
    func library() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(try run(["ingest", "--repo", repo, "--unit", "VanPhong", TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"),
                         TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt")]).status == 0)
        #expect(try run(["ingest", "--repo", repo, "--unit", "PhongQLDN", TestSupport.corpusPath("images/photos")]).status == 0)
    }

    /// Sets an item's ingest time straight in the catalogue (python3's sqlite3: no kho code involved).
    func setIngested(_ digestPrefix: String, _ timestamp: String) throws {
        let script = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE objects SET first_seen_at=? WHERE digest LIKE ?\", (sys.argv[2], sys.argv[3]+'%')); c.commit()"
        #expect(try TestSupport.run("/usr/bin/env", ["python3", "-c", script, repo + "/catalogue.sqlite", timestamp, digestPrefix]).status == 0)
    }

    @Test("export to a folder that does not exist says so (not 'the file is gone')")
    func exportDestination() throws {
        try library()
        let result = try run(["export", "--repo", repo, TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"),
                              "--to", "/nonexistent/dir/"])
        #expect(result.status == 2)
        #expect(result.stderr == "kho: the destination folder /nonexistent/dir does not exist — create it first, or give a folder that exists\n")
    }

    @Test("a filter value never seen is a usage error with the nearest known one; filters alone say what was filtered")
    func filterValues() throws {
        try library()
        let unit = try run(["search", "--repo", repo, "ke hoach", "--unit", "Vanphong"])
        #expect(unit.status == 2)
        #expect(unit.stderr == "kho: no unit is called 'Vanphong'; did you mean VanPhong? (kho facets lists them all)\n")
        let type = try run(["search", "--repo", repo, "--type", "foto"])
        #expect(type.status == 2)
        #expect(type.stderr == "kho: no type is called 'foto'; did you mean photo? (kho facets lists them all)\n")
        let ls = try run(["ls", "--repo", repo, "--unit", "phongqldn"])
        #expect(ls.status == 2)
        #expect(ls.stderr == "kho: no unit is called 'phongqldn'; did you mean PhongQLDN? (kho facets lists them all)\n")
        let topic = try run(["search", "--repo", repo, "--topic", "xyzzy khong co"])
        #expect(topic.status == 2)
        #expect(topic.stderr.hasPrefix("kho: no topic is called 'xyzzy khong co'; known: "))
        #expect(try run(["search", "--repo", repo, "--tag", "hoi nghi"]).stderr == "kho: no item has a tag yet, so --tag 'hoi nghi' matches nothing\n")
        // Known values, filters alone, nothing in that combination: said as such.
        let none = try run(["search", "--repo", repo, "--unit", "VanPhong", "--kind", "image"])
        #expect(none.status == 1)
        #expect(none.stdout == "Nothing matches these filters (--kind image, --unit VanPhong).\n")
    }

    @Test("more matches than shown: said with the count; the date column is labelled")
    func counts() throws {
        try library()
        let result = try run(["search", "--repo", repo, "--unit", "PhongQLDN", "-n", "3"], env: ["TZ": "Asia/Ho_Chi_Minh"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // The three newest photos carry no date taken: the column says what its dates are.
        #expect(lines.first == "DIGEST        KIND     INGESTED    NAME")
        let photos = try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath("images/photos")).count
        #expect(lines.dropLast().last == "Showing 3 of \(photos) matches; more with -n.")
        let taken = try run(["search", "--repo", repo, "COOLPIX", "-n", "1"], env: ["TZ": "Asia/Ho_Chi_Minh"])
        #expect(taken.stdout.hasPrefix("DIGEST        KIND     TAKEN*      NAME\n"))
        #expect(taken.stdout.contains("Dates marked * are when a photo or document was taken or made; the others when it was ingested. Showing 1 of "))
        let ls = try run(["ls", "--repo", repo, "-n", "1"])
        #expect(ls.stdout.hasPrefix("DIGEST        KIND     SIZE       INGESTED    UNIT       NAME\n"))
    }

    @Test("more matches than a search ranks: 'Showing 20 of the newest 1,000 of about 1,000 matches', estimated from their density")
    func rankingPool() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let folder = base + "/tin"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for i in 0..<1010 { try Data("Tin bài số \(i) về chuyển đổi số".utf8).write(to: URL(fileURLWithPath: folder + "/tin-\(i).txt")) }
        #expect(try run(["ingest", "--repo", repo, folder]).status == 0)
        let result = try run(["search", "--repo", repo, "chuyen doi so"])
        #expect(result.status == 0)
        // 1,000 matches among the newest 1,000 items, 1,010 items in all: about 1,010, shown to two figures.
        #expect(result.stdout.hasSuffix("Showing 20 of the newest 1,000 of about 1,000 matches (add words or a filter to narrow them).\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try run(["search", "--repo", repo, "chuyen doi so", "--json"]).stdout.utf8)) as? [String: Any])
        #expect(json["matched"] as? Int == 1010)
        #expect(json["matched_estimated"] as? Bool == true)
        #expect(json["ranked"] as? Int == 1000)
    }

    @Test("dates are local days: at 02:59 on 1 December in Hà Nội, --ingested-from YYYY-12-01 finds what came in that night")
    func localDays() throws {
        try library()
        let plan = try TestSupport.sha256sum(TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"))
        let other = try TestSupport.sha256sum(TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt"))
        try setIngested(plan, "2025-11-30T19:59:00.000Z")   // 02:59 on 1 December, UTC+7
        try setIngested(other, "2025-11-30T16:59:00.000Z")  // 23:59 on 30 November, UTC+7
        let hanoi = ["TZ": "Asia/Ho_Chi_Minh"]
        let night = try run(["search", "--repo", repo, "--ingested-from", "2025-12-01", "--ingested-to", "01/12/2025", "--json"], env: hanoi)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(night.stdout.utf8)) as? [String: Any])
        let results = try #require(report["results"] as? [[String: Any]])
        #expect(results.compactMap { $0["digest"] as? String } == [plan])
        #expect(results.first?["first_seen_at"] as? String == "2025-11-30T19:59:00.000Z")  // JSON: ISO 8601, UTC as stored
        let before = try run(["search", "--repo", repo, "ke hoach", "--ingested-to", "2025-11-30"], env: hanoi)
        #expect(before.stdout.contains(String(other.prefix(12))))
        #expect(!before.stdout.contains(String(plan.prefix(12))))
        let ls = try run(["ls", "--repo", repo, "--unit", "VanPhong"], env: hanoi)
        #expect(ls.stdout.contains(String(plan.prefix(12)) + "  document 21.0 kB    01/12/2025  VanPhong   KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"))
        #expect(ls.stdout.contains(String(other.prefix(12)) + "  document "))
        #expect(ls.stdout.contains("30/11/2025  VanPhong"))
    }

    @Test("a file name with a newline or an escape sequence is shown escaped; --json keeps it exact")
    func controlCharacters() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let folder = base + "/nop"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let forged = "bao-cao.txt\nAdded      0000000000  image    mat-khau.txt"
        let coloured = "esc\u{1B}[31mRED.txt"
        try "Báo cáo tháng mười một".write(toFile: folder + "/" + forged, atomically: true, encoding: .utf8)
        try "Tin bài tô màu".write(toFile: folder + "/" + coloured, atomically: true, encoding: .utf8)
        let ingest = try run(["ingest", "--repo", repo, folder])
        #expect(ingest.status == 0)
        #expect(!ingest.stdout.contains("\u{1B}"))
        #expect(!ingest.stdout.contains("\nAdded      0000000000"))
        let ls = try run(["ls", "--repo", repo])
        #expect(ls.stdout.contains("\"bao-cao.txt\\nAdded      0000000000  image    mat-khau.txt\""))
        #expect(ls.stdout.contains("\"esc\\033[31mRED.txt\""))
        #expect(ls.stdout.split(separator: "\n").count == 3)
        let json = try run(["ls", "--repo", repo, "--json"])
        #expect(json.stdout.contains("esc\\u001b[31mRED.txt"))

        // The watcher's log: one line per file, whatever its name.
        let inbox = base + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox + "/VanPhong", withIntermediateDirectories: true)
        try "Thông báo".write(toFile: inbox + "/VanPhong/" + "thong-bao\nADDED  gia-mao.txt", atomically: true, encoding: .utf8)
        let log = base + "/watch.log"
        let watcher = try startWatcher(inbox: inbox, ["--stable", "0"], log: log)
        #expect(TestSupport.waitUntil(30) { TestSupport.regularFiles(under: inbox).isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains("gia-mao.txt") }.count == 1)
        #expect(lines.contains { $0.contains("  VanPhong  \"thong-bao\\nADDED  gia-mao.txt\"  ADDED  ") })
    }
}
