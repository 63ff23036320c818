import Foundation
import KhoVocabulary

/// Cutting the snippet window from highlight()'s marked columns (see Snippet).
extension Snippet {
    static let openByte: UInt8 = 0x02
    static let closeByte: UInt8 = 0x03

    /// Which marked column to show: the text first, then title, metadata, file names, path (the
    /// `search` table's column order is title, names, body, meta, path).
    static let columnPreference = [2, 0, 3, 1, 4]

    /// `columns`: every column of the row with matches marked (nil for an empty column).
    static func make(columns: [String?], words: Int = 18) -> String {
        for index in columnPreference where index < columns.count {
            guard let text = columns[index], text.utf8.contains(openByte) else { continue }
            return window(text, words: words)
        }
        return ""
    }

    /// About `words` words of `marked`, starting a few words before the first mark and reaching at
    /// least to the end of that match; "…" where text was left out. Line breaks become spaces.
    /// Works on the UTF-8 bytes around the mark (cutting at ASCII spaces keeps them valid): a body
    /// runs to kilobytes, and splitting all of it into Characters cost more than the search.
    static func window(_ marked: String, words: Int) -> String {
        let bytes = Array(marked.utf8)
        let open = bytes.firstIndex(of: openByte) ?? 0
        // The start of the word holding the mark, then `words / 3` words further back.
        var start = Self.wordStart(bytes, at: open, back: 0)
        start = Self.wordStart(bytes, at: start, back: words / 3)
        let close = bytes[open...].firstIndex(of: closeByte) ?? open
        var cut = Self.words(bytes[start...], count: words)
        if cut.end <= close {
            // A long match: reach the end of it.
            var end = close
            while end < bytes.count && !isSpace(bytes[end]) { end += 1 }
            cut = Self.words(bytes[start..<end], count: Int.max)
        } else if cut.taken < words && start > 0 {
            // The text ends soon after the match: use the room before it.
            start = Self.wordStart(bytes, at: start, back: words - cut.taken)
            cut = Self.words(bytes[start...], count: words)
        }
        let more = bytes[cut.end...].contains { !isSpace($0) }
        return clip((start > 0 ? "…" : "") + cut.text + (more ? "…" : ""), maxBytes: maxBytes)
    }

    /// A snippet's most UTF-8 bytes (about two lines): words of a table or a list of paths run to
    /// hundreds of characters without a space.
    static let maxBytes = 240

    /// How much of a column's text past its first match the catalogue hands over for a snippet
    /// (SearchMarks): far more than a window of words or `maxBytes` can show.
    static let textAfterMatch = 2_048

    /// `text` cut to about `maxBytes` around its first mark — the whole match kept — at character
    /// boundaries, "…" where cut (or where it was cut already).
    static func clip(_ text: String, maxBytes: Int) -> String {
        guard text.utf8.count > maxBytes else { return text }
        let cutBefore = text.hasPrefix("…"), cutAfter = text.hasSuffix("…")
        let bytes = Array(text.dropFirst(cutBefore ? 1 : 0).dropLast(cutAfter ? 1 : 0).utf8)
        let open = bytes.firstIndex(of: openByte) ?? 0
        let close = bytes[open...].firstIndex(of: UInt8(ascii: "]")) ?? open
        var start = max(0, min(open, max(open - maxBytes / 3, close + 1 - maxBytes)))
        while start > 0 && start < bytes.count && bytes[start] & 0xC0 == 0x80 { start += 1 }
        var end = min(bytes.count, max(start + maxBytes, close + 1))
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return (cutBefore || start > 0 ? "…" : "") + String(decoding: bytes[start..<end], as: UTF8.self)
            + (cutAfter || end < bytes.count ? "…" : "")
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// The start of the word at `index` (or of the word before, when it is a space), then `back`
    /// words further back.
    private static func wordStart(_ bytes: [UInt8], at index: Int, back: Int) -> Int {
        var start = index
        while start > 0 && !isSpace(bytes[start - 1]) { start -= 1 }
        for _ in 0..<back {
            var i = start
            while i > 0 && isSpace(bytes[i - 1]) { i -= 1 }
            while i > 0 && !isSpace(bytes[i - 1]) { i -= 1 }
            if i == start { break }
            start = i
        }
        return start
    }

    /// The first `count` words of `bytes`, joined by single spaces; how many, and where they end.
    private static func words(_ bytes: ArraySlice<UInt8>, count: Int) -> (text: String, taken: Int, end: Int) {
        var out: [UInt8] = []
        var taken = 0, i = bytes.startIndex
        while i < bytes.endIndex && taken < count {
            while i < bytes.endIndex && isSpace(bytes[i]) { i += 1 }
            guard i < bytes.endIndex else { break }
            if taken > 0 { out.append(0x20) }
            while i < bytes.endIndex && !isSpace(bytes[i]) { out.append(bytes[i]); i += 1 }
            taken += 1
        }
        return (String(decoding: out, as: UTF8.self), taken, i)
    }
}
