import KhoVocabulary
import Foundation
import GRDB
import KhoTestSupport
import Testing
@testable import KhoCatalogue

@Suite("kho_rank")
struct SearchRankTests {
    /// A catalogue of the corpus texts cut into paragraphs: a few hundred rows, so that a common
    /// word is found in more rows than kho_rank counts exactly (200).
    static func catalogue() throws -> Catalogue {
        let catalogue = try Catalogue(path: try TestSupport.scratchDirectory("kho-rank") + "/catalogue.sqlite")
        let runID = try catalogue.beginRun(IngestRunRecord(command: "test", user: "t", host: "h", roots: "[]", unit: nil, startedAt: Timestamp.now()))
        let texts = try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath("documents")).filter { $0.hasSuffix(".txt") }.sorted()
        var paragraphs: [String] = []
        for name in texts {
            let text = try String(contentsOfFile: TestSupport.corpusPath("documents/" + name), encoding: .utf8)
            paragraphs += text.components(separatedBy: "\n").filter { $0.count > 40 }.map(VietnameseText.nfc)
        }
        let files = paragraphs.enumerated().map { i, text -> CataloguedFile in
            let hex = String(i, radix: 16)
            var f = CataloguedFile(digest: String(repeating: "0", count: 64 - hex.count) + hex, size: Int64(text.utf8.count), mime: "text/plain",
                                   kind: .document, path: "/p/doan-\(i).txt", fileName: "doan-\(i).txt", mtime: "2026-01-01T00:00:00.000Z",
                                   unit: nil, claimedMime: "text/plain", extMismatch: false, facts: [])
            var x = Extraction(status: .ok)
            x.text = text
            f.extraction = x
            return f
        }
        _ = try catalogue.record(runID: runID, files: files, quarantined: [], problems: [], at: Timestamp.now())
        return catalogue
    }

    @Test("with true phrase counts it is bm25 itself; counts below 200 are exact, above it estimated from the newest rows")
    func equalsBM25() throws {
        let catalogue = try Self.catalogue()
        let rows = try catalogue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM search")! }
        #expect(rows == 393)
        for text in ["LGSP", "chuyen doi so", "\"đi từng ngõ\"", "ke hoach NOT 2025", "chuy*", "Đảng OR cong doan", "cac don vi"] {
            let query = try SearchQuery(parsing: text)
            try catalogue.read { db in
                let phrases = query.loosePhrases
                let counts = try phrases.map { try Int.fetchOne(db, sql: "SELECT count(*) FROM search WHERE search MATCH ?", arguments: [$0])! }
                let sql = "SELECT rank AS bm25, kho_rank(search" + String(repeating: ", ?, 0", count: phrases.count)
                    + ") AS ours FROM search WHERE search MATCH ? ORDER BY rowid"
                let compared = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(counts + [query.looseExpression]))
                #expect(!compared.isEmpty, "\(text)")
                for row in compared {
                    let bm25: Double = row["bm25"], ours: Double = row["ours"]
                    #expect(abs(bm25 - ours) <= 1e-9 * max(1, abs(bm25)), "\(text): \(bm25) vs \(ours)")
                }
                for (i, estimate) in try Catalogue.phraseHits(db, phrases).enumerated() {
                    if counts[i] < 200 {
                        #expect(estimate.count == counts[i] && estimate.span == 0, "\(phrases[i])")
                    } else {
                        // "so" 259 rows, "cong" 230, "cac" 264, "doan" all 393 (every path has doan-N.txt).
                        let estimated = Double(estimate.count) / Double(estimate.span) * Double(rows)
                        #expect(estimate.count == 200 && abs(estimated - Double(counts[i])) <= 0.05 * Double(counts[i]),
                                "\(phrases[i]): \(estimated) vs \(counts[i])")
                    }
                }
            }
        }
    }
}
