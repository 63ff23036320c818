import Foundation
import KhoVocabulary
import Testing
@testable import KhoCatalogue

@Suite("Snippets")
struct SnippetTests {
    /// The marks as written here ([ and ]) turned into the catalogue's own.
    func m(_ text: String) -> String {
        text.replacingOccurrences(of: "[", with: Snippet.open).replacingOccurrences(of: "]", with: Snippet.close)
    }

    @Test("a document's own brackets never pass for a match: the snippet holds the words matched")
    func ownBrackets() {
        let text = "Thử nghiệm cơ chế sandbox[1] do cấp có thẩm quyền cho phép. " + String(repeating: "Nội dung khác. ", count: 20)
            + "Tuyên truyền " + Snippet.open + "đi từng ngõ" + Snippet.close + ", gõ từng nhà."
        let snippet = Snippet.make(columns: [nil, nil, text, nil, nil])
        #expect(snippet == "…khác. Nội dung khác. Nội dung khác. Nội dung khác. Tuyên truyền " + Snippet.open + "đi từng ngõ" + Snippet.close + ", gõ từng nhà.")
        #expect(Snippet.render(snippet, open: "[[", close: "]]") == "…khác. Nội dung khác. Nội dung khác. Nội dung khác. Tuyên truyền [[đi từng ngõ]], gõ từng nhà.")
    }

    @Test("a window of words around the first match, the whole phrase inside it, … where text was cut")
    func window() {
        let long = m("Đẩy mạnh ứng dụng khoa học, công nghệ, đổi mới sáng tạo và [chuyển đổi số] quốc gia đến năm 2030 trên địa bàn các khu công nghiệp của tỉnh.")
        #expect(Snippet.window(long, words: 10) == m("…sáng tạo và [chuyển đổi số] quốc gia đến năm…"))
        // A phrase longer than the window is shown to its end.
        #expect(Snippet.window(m("a b c d e f [g h i j k l m] n o"), words: 4) == m("…f [g h i j k l m]…"))
        // Short text: all of it, line breaks as spaces.
        #expect(Snippet.window(m("NIKON\n[COOLPIX]  P6000"), words: 18) == m("NIKON [COOLPIX] P6000"))
        // Near the end: the room goes before the match.
        #expect(Snippet.window(m("một hai ba bốn năm sáu [bảy]"), words: 4) == m("…bốn năm sáu [bảy]"))
        #expect(Snippet.window("no mark at all here", words: 3) == "no mark at…")
    }

    @Test("words without spaces (a list of paths, a table row) are cut to about two lines, the match kept whole")
    func longWords() {
        let paths = (1...40).map { "documents/ke-hoach-\($0).txt" }.joined(separator: ",")
        let marked = "query " + paths.replacingOccurrences(of: "ke-hoach-20.txt", with: m("[ke-hoach]-20.txt")) + " note"
        let snippet = Snippet.window(marked, words: 18)
        #expect(snippet.utf8.count == 240 + 6)  // two "…", three bytes each
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains(m(",documents/[ke-hoach]-20.txt,")))
        #expect(snippet.utf8.firstIndex(of: 0x02) == snippet.utf8.index(snippet.utf8.startIndex, offsetBy: 3 + 80))
        // Never a broken character: the cut moves to a boundary.
        let vietnamese = String(repeating: "điều", count: 100) + m("[số]") + String(repeating: "đổi", count: 100)
        #expect(Snippet.clip(vietnamese, maxBytes: 100) == "…iều" + String(repeating: "điều", count: 4) + m("[số]") + String(repeating: "đổi", count: 10) + "…")
        // A text already cut keeps its "…".
        #expect(Snippet.clip("…" + String(repeating: "a", count: 300) + m("[b]…"), maxBytes: 20).hasPrefix("…aaaa"))
        #expect(Snippet.clip("…" + String(repeating: "a", count: 300) + m("[b]…"), maxBytes: 20).hasSuffix(m("[b]…")))
    }

    @Test("the text is preferred, then title, metadata, file names, path")
    func column() {
        #expect(Snippet.make(columns: [m("[Ban] tin"), "ban.txt", m("Họp [ban] chỉ đạo"), nil, nil]) == m("Họp [ban] chỉ đạo"))
        #expect(Snippet.make(columns: [m("[Ban] tin"), m("[ban].txt"), "Họp chỉ đạo", nil, nil]) == m("[Ban] tin"))
        #expect(Snippet.make(columns: [nil, nil, nil, nil, m("/srv/[ban]/a.txt")]) == m("/srv/[ban]/a.txt"))
        #expect(Snippet.make(columns: [nil, nil, "không có", nil, nil]) == "")
    }
}
