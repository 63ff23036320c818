import GRDB
import KhoVocabulary
import GRDBSQLite
import Synchronization

/// The FTS5 tokenizer `kho_vi`: SQLite's unicode61 (diacritics kept) splits the text into words; each
/// word is indexed under its folded form, with its exact form as a colocated synonym when it
/// differs. A query word is looked up under one form only: exact when the person typed a
/// diacritic, folded otherwise. So `ban` finds bàn, bản and ban, while `bản` finds only bản.
/// An unaccented ASCII word is also indexed under a marked as-typed form (`\u{E000}ban`), which
/// search uses to rank the exact spelling above folded ones.
///
/// Works on the tokens' UTF-8 bytes directly (GRDB's FTS5WrapperTokenizer makes two Swift strings
/// per token, which halved indexing speed): ASCII words pass through as unicode61 lower-cased them,
/// and every other word's two forms are worked out once and remembered.
public final class VietnameseTokenizer: FTS5CustomTokenizer {
    public static let name = "kho_vi"
    private let unicode61: any FTS5Tokenizer

    struct Forms {
        let exact: ContiguousArray<CChar>
        let folded: ContiguousArray<CChar>
        var differ: Bool { exact != folded }
    }

    /// Vietnamese has some 7,000 syllables in use; the cache stays small. Keys are the token's
    /// bytes packed into two integers: a String key would be normalised (NFC) on every hash.
    private let cache = Mutex<[PackedToken: Forms]>([:])

    /// Up to 15 bytes of UTF-8 and their count — every Vietnamese syllable fits.
    struct PackedToken: Hashable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        init?(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count <= 15 else { return nil }
            for (i, byte) in bytes.enumerated() {
                if i < 8 { low |= UInt64(byte) << (8 * UInt64(i)) } else { high |= UInt64(byte) << (8 * UInt64(i - 8)) }
            }
            high |= UInt64(bytes.count) << 56
        }
    }

    func forms(_ bytes: UnsafeRawBufferPointer) -> Forms {
        let key = PackedToken(bytes)
        if let key, let known = cache.withLock({ $0[key] }) { return known }
        let exact = VietnameseText.exact(String(decoding: bytes, as: UTF8.self))
        let forms = Forms(exact: ContiguousArray(exact.utf8.map { CChar(bitPattern: $0) }),
                          folded: ContiguousArray(VietnameseText.folded(exact).utf8.map { CChar(bitPattern: $0) }))
        if let key {
            cache.withLock { cache in
                if cache.count > 500_000 { cache.removeAll(keepingCapacity: true) }
                cache[key] = forms
            }
        }
        return forms
    }

    /// U+E000 (private use, a word character for unicode61 here): prefixed to an unaccented word,
    /// it names "this word spelled exactly so, without diacritics". Exact forms of accented words
    /// need no mark, they differ from their folded forms already.
    static let asTypedMark: [UInt8] = [0xEE, 0x80, 0x80]
    public static let asTypedPrefix = "\u{E000}"

    private static func withAsTyped(_ word: UnsafeRawBufferPointer, _ body: (UnsafePointer<CChar>, CInt) -> CInt) -> CInt {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: word.count + 3) { buffer in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            raw.copyBytes(from: asTypedMark)
            UnsafeMutableRawBufferPointer(rebasing: raw[3...]).copyMemory(from: word)
            return body(buffer.baseAddress!, CInt(word.count + 3))
        }
    }

    /// Each lower-case precomposed letter U+00C0…U+1EFF → its base letter (ASCII), 0 for anything else.
    static let foldTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 0x1F00)
        for (scalar, base) in VietnameseText.baseLetter where scalar.value >= 0xC0 && scalar.value < 0x1F00 {
            if scalar.properties.isLowercase { table[Int(scalar.value)] = UInt8(base.value) }
        }
        return table
    }()

    /// Emits a word made of lower-case ASCII and precomposed Vietnamese letters (NFC, as unicode61
    /// hands them over) in its two forms, working on the bytes alone. Nil when the word needs the
    /// general path: other scripts, combining marks (NFD), capitals, or an old tone placement to
    /// make canonical (hóa, thủy).
    static func emitFast(_ token: UnsafePointer<CChar>, _ count: CInt, flags: CInt, isQuery: Bool, iStart: CInt, iEnd: CInt,
                         emit: FTS5TokenCallback, context: UnsafeMutableRawPointer?) -> CInt? {
        let bytes = UnsafeRawPointer(token).assumingMemoryBound(to: UInt8.self)
        let n = Int(count)
        if UnsafeBufferPointer(start: bytes, count: n).starts(with: asTypedMark) { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n) { out -> CInt? in
            var folded = 0, i = 0
            var last: UInt32 = 0, previous: UInt32 = 0, beforePrevious: UInt32 = 0
            while i < n {
                let lead = bytes[i]
                var scalar: UInt32
                if lead < 0x80 {
                    if lead >= 0x41 && lead <= 0x5A { return nil }
                    scalar = UInt32(lead); i += 1
                } else if lead & 0xE0 == 0xC0, i + 1 < n {
                    scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F); i += 2
                } else if lead & 0xF0 == 0xE0, i + 2 < n {
                    scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F); i += 3
                } else {
                    return nil
                }
                if scalar < 0x80 {
                    out[folded] = CChar(bitPattern: UInt8(scalar))
                } else {
                    guard scalar < 0x1F00, foldTable[Int(scalar)] != 0 else { return nil }
                    out[folded] = CChar(bitPattern: foldTable[Int(scalar)])
                }
                folded += 1
                beforePrevious = previous; previous = last; last = scalar
            }
            // o+tone before a final a/e, u+tone before a final y (not after q): VietnameseText moves the tone.
            switch (last, previous) {
            case (0x61, 0xF2), (0x61, 0xF3), (0x61, 0xF5), (0x61, 0x1ECD), (0x61, 0x1ECF),
                 (0x65, 0xF2), (0x65, 0xF3), (0x65, 0xF5), (0x65, 0x1ECD), (0x65, 0x1ECF):
                return nil
            case (0x79, 0xF9), (0x79, 0xFA), (0x79, 0x169), (0x79, 0x1EE5), (0x79, 0x1EE7):
                if beforePrevious != 0x71 { return nil }
            default: break
            }
            let differs = folded != n
            if isQuery {
                return differs ? emit(context, flags, token, count, iStart, iEnd) : emit(context, flags, out.baseAddress, CInt(folded), iStart, iEnd)
            }
            let code = emit(context, flags, out.baseAddress, CInt(folded), iStart, iEnd)
            if code != SQLITE_OK || !differs { return code }
            return emit(context, flags | FTS5_TOKEN_COLOCATED, token, count, iStart, iEnd)
        }
    }

    public init(db: Database, arguments: [String]) throws {
        // Combining marks (M*) are word characters, so NFD text is not cut inside its syllables.
        unicode61 = try db.makeTokenizer(FTS5TokenizerDescriptor(components: [
            "unicode61", "remove_diacritics", "0", "categories", "L* N* Co M*",
        ]))
    }

    private struct Context {
        let tokenizer: VietnameseTokenizer
        let context: UnsafeMutableRawPointer?
        let isQuery: Bool
        let emit: FTS5TokenCallback
    }

    public func tokenize(context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?,
                         nText: CInt, tokenCallback: @escaping FTS5TokenCallback) -> CInt {
        var ours = Context(tokenizer: self, context: context, isQuery: tokenization.contains(.query), emit: tokenCallback)
        return withUnsafeMutablePointer(to: &ours) { pointer in
            unicode61.tokenize(context: pointer, tokenization: tokenization, pText: pText, nText: nText) { raw, flags, pToken, nToken, iStart, iEnd in
                // Read through the pointer: a copy of Context would retain the tokenizer for every word.
                let c = UnsafePointer(raw!.assumingMemoryBound(to: Context.self))
                guard var pToken, var nToken = Optional(nToken), nToken > 0 else { return SQLITE_OK }
                // A document's own U+E000 (a private-use glyph from some PDF fonts) must not pass for
                // the as-typed mark: a leading one is dropped, only queries carry the mark.
                if !c.pointee.isQuery {
                    while nToken >= 3, UnsafeRawBufferPointer(start: pToken, count: 3).elementsEqual(VietnameseTokenizer.asTypedMark) {
                        pToken += 3; nToken -= 3
                    }
                    if nToken == 0 { return SQLITE_OK }
                }
                let bytes = UnsafeRawBufferPointer(start: pToken, count: Int(nToken))
                if !bytes.contains(where: { $0 >= 0x80 }) {
                    // ASCII: already lower case. A word with a letter is also indexed under its
                    // as-typed mark, so that "ban" typed finds ban before bàn and bản (ranking).
                    let code = c.pointee.emit(c.pointee.context, flags, pToken, nToken, iStart, iEnd)
                    if code != SQLITE_OK || c.pointee.isQuery || !bytes.contains(where: { $0 >= 0x61 }) { return code }
                    return VietnameseTokenizer.withAsTyped(bytes) { c.pointee.emit(c.pointee.context, flags | FTS5_TOKEN_COLOCATED, $0, $1, iStart, iEnd) }
                }
                // A query's as-typed mark (put there by SearchQuery, never typed) is looked up as is.
                if c.pointee.isQuery, bytes.starts(with: VietnameseTokenizer.asTypedMark) {
                    return c.pointee.emit(c.pointee.context, flags, pToken, nToken, iStart, iEnd)
                }
                // Most words: folded straight from their bytes (no string, no cache).
                if nToken <= 64, let code = VietnameseTokenizer.emitFast(pToken, nToken, flags: flags, isQuery: c.pointee.isQuery, iStart: iStart,
                                                                         iEnd: iEnd, emit: c.pointee.emit, context: c.pointee.context) {
                    return code
                }
                let forms = c.pointee.tokenizer.forms(bytes)
                func send(_ token: ContiguousArray<CChar>, _ flags: CInt) -> CInt {
                    token.withUnsafeBufferPointer { c.pointee.emit(c.pointee.context, flags, $0.baseAddress, CInt($0.count), iStart, iEnd) }
                }
                if c.pointee.isQuery { return send(forms.differ ? forms.exact : forms.folded, flags) }
                let code = send(forms.folded, flags)
                if code != SQLITE_OK || !forms.differ { return code }
                return send(forms.exact, flags | FTS5_TOKEN_COLOCATED)
            }
        }
    }
}
