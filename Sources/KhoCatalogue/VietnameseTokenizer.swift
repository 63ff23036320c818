import GRDB
import Synchronization

/// The FTS5 tokenizer `kho_vi`: SQLite's unicode61 (diacritics kept) splits the text into words; each
/// word is indexed under its folded form, with its exact form as a colocated synonym when it
/// differs. A query word is looked up under one form only: exact when the person typed a
/// diacritic, folded otherwise. So `ban` finds bàn, bản and ban, while `bản` finds only bản.
public final class VietnameseTokenizer: FTS5WrapperTokenizer {
    public static let name = "kho_vi"
    public let wrappedTokenizer: any FTS5Tokenizer

    public init(db: Database, arguments: [String]) throws {
        // Combining marks (M*) are word characters, so NFD text is not cut inside its syllables.
        wrappedTokenizer = try db.makeTokenizer(FTS5TokenizerDescriptor(components: [
            "unicode61", "remove_diacritics", "0", "categories", "L* N* Co M*",
        ]))
    }

    /// Vietnamese has some 7,000 syllables in use: each word's two forms are worked out once.
    private let forms = Mutex<[String: (exact: String, folded: String)]>([:])

    private func forms(of token: String) -> (exact: String, folded: String) {
        if let known = forms.withLock({ $0[token] }) { return known }
        let exact = VietnameseText.exact(token)
        let pair = (exact, VietnameseText.folded(exact))
        forms.withLock { cache in
            if cache.count > 500_000 { cache.removeAll(keepingCapacity: true) }
            cache[token] = pair
        }
        return pair
    }

    public func accept(token: String, flags: FTS5TokenFlags, for tokenization: FTS5Tokenization,
                       tokenCallback: FTS5WrapperTokenCallback) throws {
        let (exact, folded) = forms(of: token)
        if tokenization.contains(.query) {
            try tokenCallback(exact == folded ? folded : exact, flags)
            return
        }
        try tokenCallback(folded, flags)
        if exact != folded { try tokenCallback(exact, flags.union(.colocated)) }
    }
}
