import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import KhoVocabulary
import Testing

/// Weekly quotas on a library whose articles have known publication times around the turn of
/// 2026/2027 and around midnight at UTC+7.
@Suite("Quota report")
struct QuotaReportTests {
    static let vietnam = ReportCalendar(timeZone: TimeZone(secondsFromGMT: 7 * 3600)!)

    /// A news article as a publishing system writes it, published at `time` (nil: no date at all).
    static func article(_ folder: String, _ name: String, published time: String?, meta: Bool = true) throws -> String {
        let path = folder + "/" + name
        let head = time.map { meta ? "<meta property=\"article:published_time\" content=\"\($0)\">" : "" } ?? ""
        let body = time.map { meta ? "" : "<p class=\"meta\"><time datetime=\"\($0)\">hôm nay</time></p>" } ?? ""
        let html = "<!DOCTYPE html>\r\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Tin \(name)</title>\(head)</head>\r\n"
            + "<body><article>\(body)<h1>Tin \(name)</h1><p>Bài \(name): Ban Quản lý tuyên truyền chuyển đổi số, khu công nghiệp, doanh nghiệp.</p></article></body></html>\r\n"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(html.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func library() throws -> Library {
        let root = try TestSupport.scratchDirectory("kho-quota")
        let repository = try Repository.initialize(at: root + "/Storage").0
        let a = root + "/VanPhong", b = root + "/PhongQLDN"
        let vanPhong = [
            try article(a, "1.html", published: "2026-12-31T17:30:00Z"),       // 00:30 on 1/1/2027 at UTC+7: 2026-W53
            try article(a, "2.html", published: "2026-12-31T16:59:59Z"),       // 23:59 on 31/12/2026: 2026-W53
            try article(a, "3.html", published: "2027-01-04T06:59:00+07:00"),  // Monday 4/1/2027: 2027-W01
            try article(a, "4.html", published: "2027-01-03T17:00:00Z"),       // 00:00 on Monday 4/1/2027: 2027-W01
            try article(a, "5.html", published: "2026-12-20", meta: false),    // a Sunday, by <time>: 2026-W51
        ]
        let qldn = [
            try article(b, "6.html", published: "2026-12-27"),                 // Sunday: 2026-W52
            try article(b, "7.html", published: "2027-01-10T16:59:00Z"),       // 23:59 on Sunday 10/1/2027: 2027-W01
        ]
        _ = try IngestJob(repository: repository, options: .init(unit: "VanPhong")).run(roots: vanPhong)
        try FileManager.default.copyItem(atPath: vanPhong[0], toPath: b + "/tin-cua-van-phong.html")
        _ = try IngestJob(repository: repository, options: .init(unit: "PhongQLDN")).run(roots: qldn + [b + "/tin-cua-van-phong.html"])
        // A photo does not count, nor does an article filed again by the same unit under another name.
        try FileManager.default.copyItem(atPath: vanPhong[1], toPath: a + "/2-ban-sao.html")
        _ = try IngestJob(repository: repository, options: .init(unit: "VanPhong"))
            .run(roots: [a + "/2-ban-sao.html", TestSupport.corpusPath("images/photos/DSCN0010.jpg")])
        return try Library.openForReading(at: repository.root)
    }

    @Test("counts per unit and ISO week across the new year and the UTC+7 midnight; below-quota weeks flagged, partial ones not")
    func weeks() throws {
        let library = try Self.library()
        let report = try library.quotaReport(from: .init(year: 2026, month: 12, day: 16), to: .init(year: 2027, month: 1, day: 10),
                                             calendar: Self.vietnam)
        #expect(report.units.map(\.unit) == ["PhongQLDN", "VanPhong"])
        let qldn = report.units[0], vanPhong = report.units[1]
        #expect(vanPhong.weeks.map(\.week) == ["2026-W51", "2026-W52", "2026-W53", "2027-W01"])
        #expect(vanPhong.weeks.map(\.count) == [1, 0, 2, 2])
        #expect(vanPhong.weeks.map(\.quota) == [1, 1, 1, 2])
        #expect(vanPhong.weeks.map(\.partial) == [true, false, false, false])  // 14–15/12 lie outside the period
        #expect(vanPhong.weeks.map(\.below) == [false, true, false, false])
        #expect(vanPhong.weeks[2].monday == "2026-12-28" && vanPhong.weeks[2].sunday == "2027-01-03")
        #expect((vanPhong.total, vanPhong.weeksBelow, vanPhong.weeksCounted) == (5, 1, 3))
        // PhongQLDN filed VanPhong's first article too: it counts for both units.
        #expect(qldn.weeks.map(\.count) == [0, 1, 1, 1])
        #expect(qldn.weeks.map(\.below) == [false, false, false, true])
        #expect(report.datedByStorage == 0)
        #expect(report.counts == [.article])

        // One unit; a period ending mid-week leaves that week partial, not below quota.
        let short = try library.quotaReport(from: .init(year: 2026, month: 12, day: 21), to: .init(year: 2027, month: 1, day: 5),
                                            units: ["PhongQLDN"], calendar: Self.vietnam)
        #expect(short.units.map(\.unit) == ["PhongQLDN"])
        #expect(short.units[0].weeks.map(\.count) == [1, 1, 0])
        #expect(short.units[0].weeks.map(\.partial) == [false, false, true])
        #expect(short.units[0].weeksBelow == 0)
        #expect(short.csv == "\u{FEFF}unit,week,monday,sunday,count,quota,status\r\n"
                + "PhongQLDN,2026-W52,2026-12-21,2026-12-27,1,1,met\r\n"
                + "PhongQLDN,2026-W53,2026-12-28,2027-01-03,1,1,met\r\n"
                + "PhongQLDN,2027-W01,2027-01-04,2027-01-10,0,2,partial\r\n")
    }

    @Test("an article without a date counts in the week it was stored")
    func undated() throws {
        let root = try TestSupport.scratchDirectory("kho-quota-undated")
        let repository = try Repository.initialize(at: root + "/Storage").0
        _ = try IngestJob(repository: repository, options: .init(unit: "VanPhong")).run(roots: [try Self.article(root, "x.html", published: nil)])
        let library = try Library.openForReading(at: repository.root)
        let today = Self.vietnam.today()
        let report = try library.quotaReport(from: today, to: today, calendar: Self.vietnam)
        #expect(report.datedByStorage == 1)
        #expect(report.units.map(\.total) == [1])
        #expect(report.units[0].weeks.map(\.week) == [Self.vietnam.week(of: today).description])
    }

    @Test("kho.toml [quota]: periods, content types, and mistakes named")
    func settings() throws {
        let config = try RepositoryConfig.parse("""
            [quota]
            counts = ["article", "video", "graphic"]
            [quota.per_week]
            "2026" = 1
            "2027–2028" = 3
            """, path: "kho.toml")
        #expect(config.quota.counts == [.article, .video, .graphic])
        #expect([2025, 2026, 2027, 2028, 2029].map { config.quota.perWeek(inWeekYear: $0) } == [nil, 1, 3, 3, nil])
        #expect(RepositoryConfig().quota.perWeek(inWeekYear: 2030) == 2)
        #expect(RepositoryConfig().quota.perWeek(inWeekYear: 2031) == nil)
        func failure(_ text: String) -> String {
            do { _ = try RepositoryConfig.parse(text, path: "kho.toml"); return "" } catch { return "\(error)" }
        }
        #expect(failure("[quota]\ncounts = [\"articles\"]") == "the settings file kho.toml cannot be used: [quota] counts holds \"articles\", not a content type (photo, graphic, scan, video, audio, slides, spreadsheet, article, administrative, document, other)")
        #expect(failure("[quota.per_week]\n\"2026-2028\" = 1\n\"2027\" = 2") == "the settings file kho.toml cannot be used: [quota.per_week] the years 2026-2028 and 2027-2027 overlap")
        #expect(failure("[quota.per_week]\n\"năm 2026\" = 1") == "the settings file kho.toml cannot be used: [quota.per_week] \"năm 2026\" is not a year or a span of years such as \"2027-2030\"")
        #expect(failure("[quota]\nweekly = 2") == "the settings file kho.toml cannot be used: [quota] has an unknown key \"weekly\" (known: counts, per_week)")
    }
}
