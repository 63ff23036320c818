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

    @Test("the text is preferred, then title, metadata, file names, path")
    func column() {
        #expect(Snippet.make(columns: ["[Ban] tin", "ban.txt", "Họp [ban] chỉ đạo", nil, nil]) == "Họp [ban] chỉ đạo")
        #expect(Snippet.make(columns: ["[Ban] tin", "[ban].txt", "Họp chỉ đạo", nil, nil]) == "[Ban] tin")
        #expect(Snippet.make(columns: [nil, nil, nil, nil, "/srv/[ban]/a.txt"]) == "/srv/[ban]/a.txt")
        #expect(Snippet.make(columns: [nil, nil, "không có", nil, nil]) == "")
    }
}
