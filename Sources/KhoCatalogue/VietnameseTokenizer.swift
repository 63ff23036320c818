import GRDB
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
                let c = raw!.assumingMemoryBound(to: Context.self).pointee
                guard let pToken, nToken > 0 else { return SQLITE_OK }
                let bytes = UnsafeRawBufferPointer(start: pToken, count: Int(nToken))
                if !bytes.contains(where: { $0 >= 0x80 }) {
                    // ASCII: already lower case. A word with a letter is also indexed under its
                    // as-typed mark, so that "ban" typed finds ban before bàn and bản (ranking).
                    let code = c.emit(c.context, flags, pToken, nToken, iStart, iEnd)
                    if code != SQLITE_OK || c.isQuery || !bytes.contains(where: { $0 >= 0x61 }) { return code }
                    return VietnameseTokenizer.withAsTyped(bytes) { c.emit(c.context, flags | FTS5_TOKEN_COLOCATED, $0, $1, iStart, iEnd) }
                }
                // A query's as-typed mark (put there by SearchQuery, never typed) is looked up as is.
                if c.isQuery, bytes.starts(with: VietnameseTokenizer.asTypedMark) {
                    return c.emit(c.context, flags, pToken, nToken, iStart, iEnd)
                }
                let forms = c.tokenizer.forms(bytes)
                func send(_ token: ContiguousArray<CChar>, _ flags: CInt) -> CInt {
                    token.withUnsafeBufferPointer { c.emit(c.context, flags, $0.baseAddress, CInt($0.count), iStart, iEnd) }
                }
                if c.isQuery { return send(forms.differ ? forms.exact : forms.folded, flags) }
                let code = send(forms.folded, flags)
                if code != SQLITE_OK || !forms.differ { return code }
                return send(forms.exact, flags | FTS5_TOKEN_COLOCATED)
            }
        }
    }
}
