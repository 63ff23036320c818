import Foundation
import KhoTestSupport
import Testing

/// Names people mistype: units, content types, topics.
@Suite("Names people mistype", .serialized)
struct NamesTests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-names") }

    let plan = TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt")
    let article = TestSupport.corpusPath("documents/tin-bai-Nam-Cuong-trien-khai-truyen-thong-NQ57.html")

    func units() throws -> [String: String] {
        let ls = try #require(try JSONSerialization.jsonObject(with: Data(try run(["ls", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        var out: [String: String] = [:]
        for item in ls["items"] as? [[String: Any]] ?? [] {
            let sources = item["sources"] as? [[String: Any]] ?? []
            out[item["digest"] as! String] = sources.last?["unit"] as? String
        }
        return out
    }

    @Test("when kho.toml lists the units, a mistyped --unit or inbox folder is refused with the nearest name; a renamed unit applies to what is stored")
    func listedUnits() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(try run(["ingest", "--repo", repo, "--unit", "VanPhong", plan]).status == 0)
        try "[units]\nVanPhong = \"Văn phòng\"\nPhongQLDN = \"Phòng Quản lý doanh nghiệp\"\n"
            .write(toFile: repo + "/kho.toml", atomically: true, encoding: .utf8)

        let typo = try run(["ingest", "--repo", repo, "--unit", "Vanphong", article])
        #expect(typo.status == 2)
        #expect(typo.stderr == "kho: --unit 'Vanphong' is not a unit listed in kho.toml [units] (the nearest is 'VanPhong') — put the file in that unit's folder, or ask IT to add the unit to kho.toml\n")
        #expect(try run(["ingest", "--repo", repo, "--unit", "VanPhong", article]).status == 0)
        // The item stored under the folder name before the unit had its name follows the rename.
        let planDigest = try TestSupport.sha256sum(plan), articleDigest = try TestSupport.sha256sum(article)
        #expect(try units() == [planDigest: "Văn phòng", articleDigest: "Văn phòng"])
        #expect(try run(["search", "--repo", repo, "ke hoach", "--unit", "VanPhong"]).status == 0)

        // The watch folder: a mistyped unit folder goes to failed/ with the reason.
        let inbox = base + "/inbox"
        for folder in ["Vanphong", "PhongQLDN"] { try FileManager.default.createDirectory(atPath: inbox + "/" + folder, withIntermediateDirectories: true) }
        try Data("Biên bản họp giao ban".utf8).write(to: URL(fileURLWithPath: inbox + "/Vanphong/bien-ban.txt"))
        try Data("Báo cáo doanh nghiệp".utf8).write(to: URL(fileURLWithPath: inbox + "/PhongQLDN/bao-cao.txt"))
        let watcher = try startWatcher(inbox: inbox, ["--stable", "0"], log: base + "/watch.log")
        #expect(TestSupport.waitUntil(30) { TestSupport.regularFiles(under: inbox).isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        let note = try String(contentsOfFile: base + "/failed/Vanphong/bien-ban.txt.error.txt", encoding: .utf8)
        #expect(note.contains("Why:   'Vanphong' is not a unit listed in kho.toml [units] (the nearest is 'VanPhong')"))
        #expect(TestSupport.regularFiles(under: base + "/done").count == 1)
        #expect(try units().values.sorted() == ["Phòng Quản lý doanh nghiệp", "Văn phòng", "Văn phòng"])
    }

    @Test("kho set takes known content types and units only; kho tag attaches the existing topic typed without diacritics")
    func setAndTag() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(try run(["ingest", "--repo", repo, plan]).status == 0)
        let digest = String(try TestSupport.sha256sum(plan).prefix(12))
        let foto = try run(["set", "--repo", repo, digest, "title=Tiêu đề thử XYZQ", "type=foto"])
        #expect(foto.status == 2)
        #expect(foto.stderr == "kho: type=foto: no type is called 'foto'; did you mean photo? (known: photo, graphic, scan, video, audio, slides, spreadsheet, article, administrative, document, other)\n")
        let show = try run(["show", "--repo", repo, digest, "--json"])
        #expect(!show.stdout.contains("XYZQ"))  // nothing written when one value is wrong
        #expect(try run(["set", "--repo", repo, digest, "type=Article"]).status == 0)
        #expect(try run(["search", "--repo", repo, "--type", "article"]).stdout.contains(digest))

        let tagged = try run(["tag", "--repo", repo, digest, "+chuyen doi so", "+Tin noi bat"])
        #expect(tagged.status == 0)
        #expect(tagged.stderr == "kho: 'Tin noi bat' is a new topic (no rule or item has it yet)\n")
        let topics = try run(["search", "--repo", repo, "--topic", "chuyen doi so", "--json"])
        #expect(topics.status == 0)
        let facets = try #require(try JSONSerialization.jsonObject(with: Data(try run(["facets", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        let names = (facets["topic"] as? [String: Int] ?? [:]).keys.sorted()
        #expect(names.contains("chuyển đổi số"))
        #expect(!names.contains("chuyen doi so"))
        #expect(names.contains("Tin noi bat"))
    }
}
