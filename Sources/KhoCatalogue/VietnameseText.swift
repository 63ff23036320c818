import Foundation

/// The two spellings kho indexes every word under (see shared/design/vietnamese-text.md §2):
///
/// - **exact**: NFC, lower case, tone mark placed canonically (`hóa` → `hoá`, `thủy` → `thuỷ`), so the
///   old and new placements people type both match;
/// - **folded**: exact without any diacritic and with đ → d (`chuyển` → `chuyen`), what people type
///   on a keyboard without Vietnamese input.
public enum VietnameseText {
    /// The exact form of one word.
    public static func exact(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        return canonicalTone(word.lowercased())
    }

    /// The folded form of one word (of its exact form or of anything else).
    public static func folded(_ word: String) -> String {
        if word.utf8.allSatisfy({ $0 < 0x80 }) { return word.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in word.lowercased().unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) { continue }  // a combining mark (NFD input)
            if let base = baseLetter[scalar] { out.append(base) } else { out.append(scalar) }
        }
        return String(out)
    }

    /// True when the word carries any Vietnamese diacritic (or đ).
    public static func hasDiacritics(_ word: String) -> Bool { folded(word) != word.lowercased() }

    /// Text in NFC: the form the catalogue stores and the tokenizer expects.
    public static func nfc(_ text: String) -> String {
        text.unicodeScalars.contains { $0.value >= 0x300 && $0.value <= 0x36F } ? text.precomposedStringWithCanonicalMapping : text
    }

    // MARK: Tone placement

    static let tones: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]

    /// When a syllable ends in o+tone+a, o+tone+e or u+tone+y (not after q), the tone moves to the
    /// last vowel — the "new" placement. Works in NFD, returns NFC.
    static func canonicalTone(_ word: String) -> String {
        var s = Array(word.decomposedStringWithCanonicalMapping.unicodeScalars)
        let n = s.count
        if n >= 3, tones.contains(s[n - 2].value) {
            let (first, last) = (s[n - 3], s[n - 1])
            let moves = (first == "o" && (last == "a" || last == "e"))
                || (first == "u" && last == "y" && !(n >= 4 && s[n - 4] == "q"))
            if moves { s.swapAt(n - 2, n - 1) }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s)
        return String(view).precomposedStringWithCanonicalMapping
    }

    // MARK: Folding table

    /// Every precomposed Latin letter → its base letter (134 Vietnamese letters among them), plus
    /// đ, which has no decomposition. Written out rather than derived at start-up: deriving it
    /// from Unicode decompositions (a test derives it and compares) was 3 % of a `kho search`
    /// under perf, about 1 ms. One character per code point from U+00C0 and from U+1E00; "." none.
    static let baseLetter: [Unicode.Scalar: Unicode.Scalar] = {
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (first, letters) in [(0xC0, latinExtended), (0x1E00, latinExtendedAdditional)] {
            for (offset, base) in letters.unicodeScalars.enumerated() where base != "." {
                table[Unicode.Scalar(UInt32(first + offset))!] = base
            }
        }
        return table
    }()

    static let latinExtended = "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.yaaaaaaccccccccddddeeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll....nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz.................................oo.............uu............................aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa....aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............................"
    static let latinExtendedAdditional = "aabbbbbbccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrrssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwy......aaaaaaaaaaaaaaaaaaaaaaaaeeeeeeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy......"
}
