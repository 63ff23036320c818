import GRDB
import GRDBSQLite

/// `kho_mark(search, column, after)`: FTS5's highlight() with the snippet marks (U+0002 before a
/// match, U+0003 after it), but cut short: NULL when the column holds no match, and otherwise the
/// column's text only up to about `after` bytes past the end of its first match, "…" where cut.
///
/// Why: highlight() tokenizes the whole column to mark it, and a search shows 20 results whose
/// bodies run to kilobytes — that was a third of a `kho search`. The snippet (Snippet.window) only
/// shows a few words around the first match, so the rest of the text need not be read at all.
/// Tokens are counted as highlight() counts them (colocated forms are not tokens of their own), so
/// the marks fall where highlight() puts them.
enum SearchMarks {
    static let name = "kho_mark"

    static func register(_ db: Database) {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        _ = api.pointee.xCreateFunction(api, name, nil, mark, nil)
    }

    /// The state of one walk through a column's tokens.
    private struct Walk {
        /// Token ranges to mark (first and last token index), sorted and merged.
        var ranges: [(first: Int32, last: Int32)]
        var next = 0
        var token: Int32 = 0
        let text: UnsafePointer<UInt8>
        var copied = 0
        var output: [UInt8] = []
        let after: Int
        /// Set when the first match has been marked: tokens starting past it end the walk.
        var stopAt: Int?
        var stopped = false

        mutating func copy(upTo end: Int) {
            if end > copied { output.append(contentsOf: UnsafeBufferPointer(start: text + copied, count: end - copied)) }
            copied = max(copied, end)
        }
    }

    private static let token: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32 = {
        context, flags, _, _, start, end in
        let walk = context!.assumingMemoryBound(to: Walk.self)
        if flags & FTS5_TOKEN_COLOCATED != 0 { return SQLITE_OK }
        let index = walk.pointee.token
        walk.pointee.token += 1
        let open = walk.pointee.next < walk.pointee.ranges.count && walk.pointee.ranges[walk.pointee.next].first < index
        if let stopAt = walk.pointee.stopAt, Int(start) > stopAt, !open {
            walk.pointee.copy(upTo: Int(start))
            walk.pointee.stopped = true
            return SQLITE_DONE
        }
        guard walk.pointee.next < walk.pointee.ranges.count else { return SQLITE_OK }
        let range = walk.pointee.ranges[walk.pointee.next]
        if index == range.first {
            walk.pointee.copy(upTo: Int(start))
            walk.pointee.output.append(0x02)
        }
        if index == range.last {
            walk.pointee.copy(upTo: Int(end))
            walk.pointee.output.append(0x03)
            walk.pointee.next += 1
            if walk.pointee.stopAt == nil { walk.pointee.stopAt = Int(end) + walk.pointee.after }
        }
        return SQLITE_OK
    }

    private static let mark: fts5_extension_function = { api, fts, context, argc, argv in
        guard let api = api?.pointee, let fts, let argv, argc == 2 else {
            sqlite3_result_error(context, "kho_mark: use kho_mark(search, column, bytes after the first match)", -1)
            return
        }
        let column = sqlite3_value_int(argv[0])
        let after = Int(sqlite3_value_int(argv[1]))
        var instances: Int32 = 0
        guard api.xInstCount(fts, &instances) == SQLITE_OK else {
            sqlite3_result_error(context, "kho_mark: could not read the matches", -1)
            return
        }
        var ranges: [(first: Int32, last: Int32)] = []
        for i in 0..<instances {
            var phrase: Int32 = 0, instanceColumn: Int32 = 0, offset: Int32 = 0
            guard api.xInst(fts, i, &phrase, &instanceColumn, &offset) == SQLITE_OK, instanceColumn == column else { continue }
            ranges.append((offset, offset + max(1, api.xPhraseSize(fts, phrase)) - 1))
        }
        guard !ranges.isEmpty else { return sqlite3_result_null(context) }
        ranges.sort { $0.first < $1.first }
        var merged: [(first: Int32, last: Int32)] = []
        for range in ranges {
            if let last = merged.last, range.first <= last.last {
                merged[merged.count - 1].last = max(last.last, range.last)
            } else {
                merged.append(range)
            }
        }
        var text: UnsafePointer<CChar>?
        var length: Int32 = 0
        guard api.xColumnText(fts, column, &text, &length) == SQLITE_OK, let text else { return sqlite3_result_null(context) }
        var walk = Walk(ranges: merged, text: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), after: max(0, after))
        let code = withUnsafeMutablePointer(to: &walk) { api.xTokenize(fts, text, length, $0, token) }
        guard code == SQLITE_OK || (code == SQLITE_DONE && walk.stopped) else {
            sqlite3_result_error_code(context, code)
            return
        }
        if walk.stopped {
            walk.output.append(contentsOf: Array("…".utf8))
        } else {
            walk.copy(upTo: Int(length))
        }
        walk.output.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                sqlite3_result_text(context, $0.baseAddress, Int32($0.count), unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self))
            }
        }
    }
}
