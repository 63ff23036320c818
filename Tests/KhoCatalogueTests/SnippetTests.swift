import Testing
@testable import KhoCatalogue

@Suite("Snippets")
struct SnippetTests {
    @Test("a window of words around the first match, the whole phrase inside it, … where text was cut")
    func window() {
        let long = "Đẩy mạnh ứng dụng khoa học, công nghệ, đổi mới sáng tạo và [chuyển đổi số] quốc gia đến năm 2030 trên địa bàn các khu công nghiệp của tỉnh."
        #expect(Snippet.window(long, words: 10) == "…sáng tạo và [chuyển đổi số] quốc gia đến năm…")
        // A phrase longer than the window is shown to its end.
        #expect(Snippet.window("a b c d e f [g h i j k l m] n o", words: 4) == "…f [g h i j k l m]…")
        // Short text: all of it, line breaks as spaces.
        #expect(Snippet.window("NIKON\n[COOLPIX]  P6000", words: 18) == "NIKON [COOLPIX] P6000")
        // Near the end: the room goes before the match.
        #expect(Snippet.window("một hai ba bốn năm sáu [bảy]", words: 4) == "…bốn năm sáu [bảy]")
        #expect(Snippet.window("no mark at all here", words: 3) == "no mark at…")
    }

    @Test("words without spaces (a list of paths, a table row) are cut to about two lines, the match kept whole")
    func longWords() {
        let paths = (1...40).map { "documents/ke-hoach-\($0).txt" }.joined(separator: ",")
        let marked = "query " + paths.replacingOccurrences(of: "ke-hoach-20.txt", with: "[ke-hoach]-20.txt") + " note"
        let snippet = Snippet.window(marked, words: 18)
        #expect(snippet.utf8.count == 240 + 6)  // two "…", three bytes each
        #expect(snippet.hasPrefix("…") && snippet.hasSuffix("…"))
        #expect(snippet.contains(",documents/[ke-hoach]-20.txt,"))
        #expect(snippet.utf8.firstIndex(of: UInt8(ascii: "[")) == snippet.utf8.index(snippet.utf8.startIndex, offsetBy: 3 + 80))
        // Never a broken character: the cut moves to a boundary.
        let vietnamese = String(repeating: "điều", count: 100) + "[số]" + String(repeating: "đổi", count: 100)
        #expect(Snippet.clip(vietnamese, maxBytes: 100) == "…iều" + String(repeating: "điều", count: 4) + "[số]" + String(repeating: "đổi", count: 10) + "…")
        // A text already cut keeps its "…".
        #expect(Snippet.clip("…" + String(repeating: "a", count: 300) + "[b]…", maxBytes: 20).hasPrefix("…aaaa"))
        #expect(Snippet.clip("…" + String(repeating: "a", count: 300) + "[b]…", maxBytes: 20).hasSuffix("[b]…"))
    }

    @Test("the text is preferred, then title, metadata, file names, path")
    func column() {
        #expect(Snippet.make(columns: ["[Ban] tin", "ban.txt", "Họp [ban] chỉ đạo", nil, nil]) == "Họp [ban] chỉ đạo")
        #expect(Snippet.make(columns: ["[Ban] tin", "[ban].txt", "Họp chỉ đạo", nil, nil]) == "[Ban] tin")
        #expect(Snippet.make(columns: [nil, nil, nil, nil, "/srv/[ban]/a.txt"]) == "/srv/[ban]/a.txt")
        #expect(Snippet.make(columns: [nil, nil, "không có", nil, nil]) == "")
    }
}
