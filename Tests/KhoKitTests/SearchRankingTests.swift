import Foundation
import KhoCatalogue
import KhoTestSupport
import Testing
@testable import KhoKit

/// How spellings rank: a word typed without diacritics finds every spelling, the one spelled exactly
/// as typed first; a word typed with diacritics finds only its own spelling.
@Suite("Search ranking by spelling")
struct SearchRankingTests {
    let repository: Repository

    init() throws {
        let dir = try TestSupport.scratchDirectory("kho-ranking")
        let inbox = dir + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        // bm25 alone would put the short notes first: "ban" is one word of many in the long one.
        let filler = String(repeating: "Các đơn vị tổ chức tuyên truyền, phổ biến nội dung nghị quyết đến cán bộ, đảng viên. ", count: 30)
        let files = [
            "hop-1.txt": "Họp bàn quản lý kế hoạch truyền thông.",
            "thong-bao.txt": "Thông báo của ban quản lý. " + filler,
            "tin-2.txt": "Bản tin tuần này.",
            "hop-3.txt": "Bàn giao tài liệu.",
            // Named without diacritics, as files nearly always are: the name is not what it says.
            "ban-tin-thang.txt": "Bản tin tháng.",
        ]
        // Notes without the word, so that it is not in every row (bm25 weighs words by rarity).
        for i in 1...6 { try Data("Ghi chép số \(i) về hội nghị.".utf8).write(to: URL(fileURLWithPath: inbox + "/ghi-chep-\(i).txt")) }
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: inbox + "/" + name)) }
        repository = try Repository.initialize(at: dir + "/Storage").0
        _ = try IngestJob(repository: repository, options: .init(unit: "VanPhong")).run(roots: [inbox]) { _ in }
    }

    func names(_ text: String) throws -> [String] {
        try repository.catalogue.search(try SearchQuery(parsing: text)).map(\.name)
    }

    @Test("'ban' finds ban, bàn and bản, the exact spelling ranked first")
    func unaccentedFindsAllExactFirst() throws {
        let hits = try repository.catalogue.search(try SearchQuery(parsing: "ban"))
        #expect(hits.count == 5)
        #expect(hits.first?.name == "thong-bao.txt")
        #expect(Set(hits.dropFirst().map(\.name)) == ["hop-1.txt", "tin-2.txt", "hop-3.txt", "ban-tin-thang.txt"])
        // It is first by spelling, not by bm25 (FTS5's rank: lower is better), which puts it last.
        #expect(hits.first!.score > hits.dropFirst().map(\.score).max()!)
    }

    @Test("'bản' finds only bản, 'bàn' only bàn")
    func accentedFindsOnlyItsSpelling() throws {
        #expect(Set(try names("bản")) == ["tin-2.txt", "ban-tin-thang.txt"])
        #expect(Set(try names("bàn")) == ["hop-1.txt", "hop-3.txt"])
    }

    @Test("a phrase typed without diacritics ranks its exact spelling first too")
    func phraseExactFirst() throws {
        // Both hold the words as a phrase; one spells "ban" as typed. bm25 alone puts the short note first.
        #expect(try names("ban quan ly") == ["thong-bao.txt", "hop-1.txt"])
        #expect(try names("\"ban giao\"") == ["hop-3.txt"])
    }
}
