import Foundation
import KhoTestSupport
import Testing

/// `kho report quota` as a unit head or a script runs it.
@Suite("kho report")
struct ReportCLITests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-report-cli") }

    func article(_ name: String, published: String) throws -> String {
        let path = base + "/in/" + name
        try FileManager.default.createDirectory(atPath: base + "/in", withIntermediateDirectories: true)
        try Data("<html><head><title>\(name)</title><meta property=\"article:published_time\" content=\"\(published)\"></head><body><p>Tin \(name) về chuyển đổi số.</p></body></html>".utf8)
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("table, JSON and CSV of the same weeks; exit 1 when a whole week is below quota, 0 when none is; a reversed period exits 2")
    func quota() throws {
        let vietnam = ["TZ": "Asia/Ho_Chi_Minh"]
        #expect(try run(["init", "--repo", repo]).status == 0)
        let files = [try article("a.html", published: "2026-12-22T09:00:00+07:00"),
                     try article("b.html", published: "2027-01-03T17:30:00Z")]   // 00:30 on Monday 4/1/2027 in Vietnam
        #expect(try run(["ingest", "--repo", repo, "--unit", "VanPhong"] + files).status == 0)

        let table = try run(["report", "quota", "--repo", repo, "--from", "21/12/2026", "--to", "2027-01-10"], env: vietnam)
        #expect(table.status == 1)
        #expect(table.stdout == """
            Contributions (article) per ISO week, 21/12/2026 to 10/01/2027. ! below quota, ~ week only partly in the period.

            VanPhong: 2 item(s), 1 of 3 week(s) met the quota
              WEEK      MONDAY–SUNDAY            COUNT  QUOTA
              2026-W52  21/12/2026 – 27/12/2026      1      1
            ! 2026-W53  28/12/2026 – 03/01/2027      0      1
            ! 2027-W01  04/01/2027 – 10/01/2027      1      2

            """)
        let json = try run(["report", "quota", "--repo", repo, "--from", "2026-12-21", "--to", "2026-12-27", "--json"], env: vietnam)
        #expect(json.status == 0)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["from"] as? String == "2026-12-21" && report["to"] as? String == "2026-12-27")
        #expect(report["counts"] as? [String] == ["article"])
        #expect(report["dated_by_storage"] as? Int == 0)
        let unit = try #require((report["units"] as? [[String: Any]])?.first)
        #expect(unit["unit"] as? String == "VanPhong" && unit["total"] as? Int == 1 && unit["weeks_below"] as? Int == 0)
        #expect((unit["weeks"] as? [[String: Any]])?.first?["week"] as? String == "2026-W52")

        // Outside Vietnam's time zone the second article is published on Sunday 3/1: week 53.
        // The file's bytes: a byte-order mark for Excel, CRLF line ends.
        let csv = base + "/quota.csv"
        let utc = try TestSupport.run("/bin/sh", ["-c", "TZ=UTC '\(kho)' report quota --repo '\(repo)' --from 2026-12-28 --to 2027-01-03 --csv > '\(csv)'"])
        #expect(utc.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: csv))
                == Data("\u{FEFF}unit,week,monday,sunday,count,quota,status\r\nVanPhong,2026-W53,2026-12-28,2027-01-03,1,1,met\r\n".utf8))

        let reversed = try run(["report", "quota", "--repo", repo, "--from", "2027-01-10", "--to", "2026-12-21"])
        #expect(reversed.status == 2)
        #expect(reversed.stderr == "kho: the period starts (10/01/2027) after it ends (21/12/2026)\n")
        let badDate = try run(["report", "quota", "--repo", repo, "--from", "31/02/2026"])
        #expect(badDate.status == 2)
        #expect(try run(["report", "quota", "--repo", repo, "--csv", "--json"]).status == 2)
    }
}
