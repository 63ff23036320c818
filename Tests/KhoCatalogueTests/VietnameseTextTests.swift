import KhoVocabulary
import Foundation
import Testing
@testable import KhoCatalogue
import GRDB
import KhoTestSupport

@Suite("Vietnamese folding")
struct VietnameseTextTests {
    @Test("folded drops every mark and maps đ to d; exact keeps them")
    func folding() {
        #expect(VietnameseText.folded("Chuyển đổi số") == "chuyen doi so")
        #expect(VietnameseText.folded("ĐẢNG ỦY") == "dang uy")
        #expect(VietnameseText.folded("Nguyễn Thế Hoàn".decomposedStringWithCanonicalMapping) == "nguyen the hoan")
        #expect(VietnameseText.folded("ư ơ ă â ê ô") == "u o a a e o")
        #expect(VietnameseText.exact("ĐẢNG") == "đảng")
        #expect(VietnameseText.exact("LGSP") == "lgsp")
        // The 134 precomposed Vietnamese letters (67 lower, 67 upper) all fold to a base letter.
        let vowels = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        #expect(vowels.filter { !$0.isASCII }.count == 67)
        for letter in vowels + vowels.uppercased() {
            #expect(VietnameseText.folded(String(letter)).unicodeScalars.allSatisfy { $0.isASCII }, "\(letter)")
        }
    }

    @Test("the folding table written out is the one Unicode's decompositions give")
    func tableMatchesUnicode() {
        #expect(VietnameseText.latinExtended.unicodeScalars.count == 0x250 - 0xC0)
        #expect(VietnameseText.latinExtendedAdditional.unicodeScalars.count == 0x100)
        // Every precomposed Latin letter whose decomposition starts with an ASCII letter, plus đ.
        var derived: [Unicode.Scalar: Unicode.Scalar] = ["đ": "d", "Đ": "d"]
        for value in Array(0xC0...0x24F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let decomposed = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars
            if let base = decomposed.first, base.isASCII, decomposed.count > 1 { derived[scalar] = Unicode.Scalar(String(base).lowercased())! }
        }
        #expect(VietnameseText.baseLetter == derived)
        #expect(VietnameseText.baseLetter.count == 490)
    }

    @Test("old and new tone placement give one exact form")
    func tonePlacement() {
        #expect(VietnameseText.exact("hóa") == VietnameseText.exact("hoá"))
        #expect(VietnameseText.exact("hoá") == "hoá")
        #expect(VietnameseText.exact("thủy") == "thuỷ")
        #expect(VietnameseText.exact("khỏe") == "khoẻ")
        #expect(VietnameseText.exact("quý") == "quý")  // qu + y: the tone stays
        #expect(VietnameseText.exact("hoàn") == "hoàn")  // not at the end of the syllable
    }
}

@Suite("The kho_vi tokenizer")
struct VietnameseTokenizerTests {
    /// What the tokenizer must emit for one word: the folded form, then the exact form colocated
    /// when it differs — or, for an ASCII word with a letter, its as-typed mark.
    static func expected(_ word: String) -> [String] {
        let exact = VietnameseText.exact(word), folded = VietnameseText.folded(exact)
        if exact.utf8.allSatisfy({ $0 < 0x80 }) {
            return exact.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) ? [exact, VietnameseTokenizer.asTypedPrefix + exact] : [exact]
        }
        return folded == exact ? [folded] : [folded, exact]
    }

    @Test("every word of the corpus texts, NFC and NFD, any case: the byte fast path equals the reference forms")
    func corpusWords() throws {
        let dir = try TestSupport.scratchDirectory("kho-tok")
        let catalogue = try Catalogue(path: dir + "/catalogue.sqlite")
        let texts = try FileManager.default.contentsOfDirectory(atPath: TestSupport.corpusPath("documents")).filter { $0.hasSuffix(".txt") }
        var words = Set<String>()
        for name in texts {
            let text = try String(contentsOfFile: TestSupport.corpusPath("documents/" + name), encoding: .utf8)
            for w in SearchQuery.words(in: Substring(VietnameseText.nfc(text))) { words.insert(w) }
        }
        #expect(words.count == 1084)
        // Old tone placements, qu+y, capitals and NFD, beside the corpus words.
        let extra = ["hóa", "HÓA", "thủy", "khỏe", "quý", "Quý", "hoàn", "ĐẢNG", "Thuỷ", "Nguyễn".decomposedStringWithCanonicalMapping]
        try catalogue.read { db in
            let tokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: ["kho_vi"]))
            var mismatches = 0
            for word in words.sorted() + extra {
                let got = try tokenizer.tokenize(document: word).map(\.token)
                if got != Self.expected(word.lowercased()) {
                    mismatches += 1
                    if mismatches < 10 { Issue.record("\(word): \(got) ≠ \(Self.expected(word.lowercased()))") }
                }
                // A query word: one token, exact when typed with a diacritic, folded otherwise.
                let query = try tokenizer.tokenize(query: word).map(\.token)
                let exact = VietnameseText.exact(word.lowercased())
                #expect(query == [VietnameseText.hasDiacritics(word) ? exact : VietnameseText.folded(exact)], "\(word)")
            }
            #expect(mismatches == 0)
        }
    }

    @Test("a document's own U+E000 never passes for the as-typed mark; a query's does")
    func privateUseMark() throws {
        let catalogue = try Catalogue(path: try TestSupport.scratchDirectory("kho-tok") + "/catalogue.sqlite")
        try catalogue.read { db in
            let tokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: ["kho_vi"]))
            #expect(try tokenizer.tokenize(document: "\u{E000}ban \u{E000}\u{E000}bản \u{E000}").map(\.token)
                    == ["ban", "\u{E000}ban", "ban", "bản"])
            #expect(try tokenizer.tokenize(query: "\u{E000}ban").map(\.token) == ["\u{E000}ban"])
        }
    }
}
