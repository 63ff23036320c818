import Foundation
import KhoCatalogue
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

/// One ingest of the whole corpus (OCR included), shared by the ingest and search tests: each
/// suite instance would otherwise ingest it again, OCR and all.
enum SharedCorpusRepository {
    static let fixture = SharedFixture { try IngestedRepository("kho-corpus", paths: [TestSupport.corpus.path], unit: "VanPhong") }
    static var ingested: IngestedRepository { get throws { try fixture.get() } }
    static var repository: Repository { get throws { try fixture.get().repository } }
}

@Suite("Search over the corpus")
struct SearchCorpusTests {
    let catalogue: Catalogue
    init() throws { catalogue = try SharedCorpusRepository.repository.catalogue }

    /// Every source path (as bytes) of every object the search returns.
    func hitPaths(_ text: String, filters: SearchFilters = SearchFilters()) throws -> Set<[UInt8]> {
        var f = filters
        f.limit = 1000
        let hits = try catalogue.search(try SearchQuery(parsing: text), filters: f)
        var paths = Set<[UInt8]>()
        for hit in hits {
            for source in try catalogue.details(of: hit.object).sources { paths.insert(Array(source.path.utf8)) }
        }
        return paths
    }

    @Test("every query in queries.tsv returns every file it must (the scanned PDF waits for OCR)")
    func queriesFromTheCorpus() throws {
        let rows = try TestSupport.readTSV("queries.tsv")
        #expect(rows.count == 22)
        for row in rows {
            let query = row["query"]!
            let found = try hitPaths(query)
            for relative in row["must_include"]!.split(separator: ",").map(String.init) {
                // The image-only PDF among them is found through its OCR text.
                #expect(found.contains(Array(TestSupport.corpusPath(relative).utf8)), "\(query) → \(relative)")
            }
        }
    }

    @Test("folded queries match every spelling; accented queries only their own")
    func diacritics() throws {
        let plainFolded = try hitPaths("dang")
        let accented = try hitPaths("Đảng")
        #expect(accented.isSubset(of: plainFolded))
        #expect(accented.count < plainFolded.count)
        // NFC and NFD typing find the same things.
        #expect(try hitPaths("chuyển đổi số".decomposedStringWithCanonicalMapping) == (try hitPaths("chuyển đổi số")))
        #expect(try hitPaths("chuyen doi so") == (try hitPaths("\"chuyen doi so\"")).union(try hitPaths("chuyen doi so")))
        // Old and new tone placement are one spelling.
        #expect(try hitPaths("hóa") == (try hitPaths("hoá")))
        // A partly accented word matches nothing exactly, so the folded form is tried.
        #expect(try hitPaths("đoi moi") == (try hitPaths("doi moi")))
    }

    @Test("every file name an object came in under is searchable, also a copy met in the same batch")
    func namesOfAllSources() throws {
        // exact/VanPhong/Kế hoạch truyền thông NQ57 (bản chính thức).docx is a copy of the plan A .docx.
        let found = try hitPaths("ban chinh thuc")
        #expect(found.contains(Array(TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.docx").utf8)))
        #expect(try hitPaths("IMG_0001").contains(Array(TestSupport.corpusPath("images/photos/DSCN0021.jpg").utf8)))
    }

    @Test("phrases, prefixes, OR and NOT")
    func operators() throws {
        let phrase = try hitPaths("\"đi từng ngõ, gõ từng nhà\"")
        #expect(phrase.contains(Array(TestSupport.corpusPath("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.txt").utf8)))
        let prefix = try hitPaths("chuy*")
        #expect(try hitPaths("chuyen").isSubset(of: prefix))
        let lgsp = try hitPaths("LGSP")
        let chinook = try hitPaths("Chinook")
        #expect(try hitPaths("LGSP OR Chinook") == lgsp.union(chinook))
        // Exclusions hold in every tier: the phrase tier must not bring the excluded back.
        let plansWithout = try hitPaths("chuyen doi so NOT LGSP")
        #expect(plansWithout.isDisjoint(with: lgsp))
        #expect(!plansWithout.isEmpty)
        let withoutXlsx = try hitPaths("LGSP NOT Phụ")
        #expect(!withoutXlsx.contains(Array(TestSupport.corpusPath("documents/Phu-luc-I-muc-tieu-cu-the-KH-BQL-Thai-Nguyen-2026.xlsx").utf8)))
        #expect(withoutXlsx.isSubset(of: lgsp))
    }

    @Test("filters narrow by kind, type, unit and date; phrase hits rank first")
    func filtersAndRanking() throws {
        var images = SearchFilters()
        images.kind = "image"
        let hits = try catalogue.search(try SearchQuery(parsing: "COOLPIX P6000"), filters: images)
        #expect(Set(hits.map(\.name)).isSuperset(of: ["DSCN0010.jpg", "DSCN0012.jpg", "DSCN0021.jpg"]))
        #expect(hits.allSatisfy { $0.object.kind == .image })
        var taken = images
        taken.takenFrom = "2008-10-22"
        taken.takenTo = "2008-10-22"
        let sameDay = try catalogue.search(try SearchQuery(parsing: "COOLPIX"), filters: taken)
        #expect(!sameDay.isEmpty)
        #expect(sameDay.allSatisfy { $0.takenAt?.hasPrefix("2008-10-22") == true })
        var pdf = SearchFilters()
        pdf.mime = "application/pdf"
        #expect(try catalogue.search(try SearchQuery(parsing: "LGSP"), filters: pdf).map(\.name) == ["KH-BQL-Thai-Nguyen-trien-khai-NQ57-nam-2026.pdf"])
        var elsewhere = SearchFilters()
        elsewhere.unit = "PhongQLDN"
        #expect(try catalogue.search(try SearchQuery(parsing: "LGSP"), filters: elsewhere).isEmpty)

        let ranked = try catalogue.search(try SearchQuery(parsing: "nghi quyet 57"))
        let firstLoose = ranked.firstIndex { $0.tier > 0 } ?? ranked.count
        #expect(ranked[..<firstLoose].allSatisfy { $0.tier == 0 })
        #expect(ranked[firstLoose...].allSatisfy { $0.tier > 0 })
        #expect(ranked.first?.snippet.contains(Snippet.open) == true)
    }

    @Test("what a person types is never an SQLite syntax error")
    func hostileQueries() throws {
        for text in ["QĐ-TTg", "1169/", "\"unbalanced", "a AND", "OR", "(x", "NEAR(a b)", "*", "col:value", "'; DROP TABLE objects; --"] {
            do {
                _ = try catalogue.search(try SearchQuery(parsing: text))
            } catch let failure as SearchQuery.Failure {
                #expect(failure == .empty || failure == .onlyExclusions, "\(text)")
            }
        }
        #expect(throws: SearchQuery.Failure.empty) { try SearchQuery(parsing: "  ") }
        #expect(throws: SearchQuery.Failure.onlyExclusions) { try SearchQuery(parsing: "NOT ke") }
    }
}
