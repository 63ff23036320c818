import Foundation
import Testing
@testable import KhoCatalogue

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
