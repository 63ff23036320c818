import Foundation

/// A search result's snippet: a few words around the first match, the matched words between
/// `Snippet.open` and `Snippet.close` — control characters, which no stored text holds, so that a
/// document's own brackets ("sandbox[1]") can never pass for a match. Front ends render them.
///
/// Why not FTS5's snippet(): it scores a phrase by its first word and starts the window at the
/// earliest sentence start that still holds that word, so "chuyển đổi số" came out as
/// "…công nghệ và [chuyển]…". kho asks highlight() for the marked columns and cuts the window here,
/// the whole phrase inside it.
public enum Snippet {
    public static let open = "\u{2}"
    public static let close = "\u{3}"

    /// The snippet for a person or a script: each match between `open` and `close` as given.
    public static func render(_ snippet: String, open: String, close: String) -> String {
        snippet.replacingOccurrences(of: Self.open, with: open).replacingOccurrences(of: Self.close, with: close)
    }
}
