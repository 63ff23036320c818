import Foundation
import GRDB
import KhoVocabulary
import GRDBSQLite

/// `kho_rank(search, hits₁, span₁, hits₂, span₂, …)`: FTS5's bm25 over the `search` table, with the
/// same column weights and constants, except that each phrase's document count comes from the
/// caller instead of being counted.
///
/// Why: bm25() counts every row that holds each phrase before it scores the first one. For a word
/// found in most of 100,000 documents that count walks the whole doclist, 6–10 ms a query here,
/// while walking the 1,000 newest matches takes 0.2 ms. kho counts the 200 newest matches of each
/// phrase instead (`Catalogue.phraseHits`): exact below 200, otherwise estimated from how densely
/// they lie among the newest rows. Words that common weigh almost nothing in bm25 anyway.
///
/// Arguments per phrase, in the order the phrases appear in the MATCH expression: `hits`, and `span`
/// — 0 when `hits` is an exact count, otherwise the rowid span those hits were found in.
enum SearchRank {
    static let name = "kho_rank"
    /// bm25's weights for title, names, body, meta and path (as in Schema/0002's `rank` setting).
    static let columnWeights: [Double] = [10.0, 8.0, 1.0, 3.0, 0.5]
    static let k1 = 1.2
    static let b = 0.75

    static func register(_ db: Database) {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        _ = api.pointee.xCreateFunction(api, name, nil, rank, nil)
    }

    /// Called once per matched row.
    private static let rank: fts5_extension_function = { api, fts, context, argc, argv in
        guard let api = api?.pointee, let fts else { return }
        let phrases = Int(api.xPhraseCount(fts))
        var rows: sqlite3_int64 = 0, tokens: sqlite3_int64 = 0, rowTokens: Int32 = 0, instances: Int32 = 0
        guard api.xRowCount(fts, &rows) == SQLITE_OK, rows > 0, api.xColumnTotalSize(fts, -1, &tokens) == SQLITE_OK,
              api.xColumnSize(fts, -1, &rowTokens) == SQLITE_OK, api.xInstCount(fts, &instances) == SQLITE_OK else {
            sqlite3_result_error(context, "kho_rank: could not read the index statistics", -1)
            return
        }
        let averageLength = Double(tokens) / Double(rows)
        let lengthNorm = 1 - b + b * Double(rowTokens) / averageLength
        var frequency = [Double](repeating: 0, count: phrases)
        for i in 0..<instances {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            guard api.xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK else { continue }
            frequency[Int(phrase)] += Int(column) < columnWeights.count ? columnWeights[Int(column)] : 1
        }
        var score = 0.0
        for i in 0..<phrases where frequency[i] > 0 {
            var hits = 1.0
            if let argv, 2 * i + 1 < Int(argc) {
                hits = sqlite3_value_double(argv[2 * i])
                let span = sqlite3_value_double(argv[2 * i + 1])
                // Estimated from the newest rows: hits per rowid there, times the rows in the table.
                if span > 0 { hits = min(Double(rows), hits / span * Double(rows)) }
            }
            var idf = log((Double(rows) - hits + 0.5) / (hits + 0.5))
            if idf <= 0 { idf = 1e-6 }
            score += idf * (frequency[i] * (k1 + 1)) / (frequency[i] + k1 * lengthNorm)
        }
        sqlite3_result_double(context, -score)
    }
}
