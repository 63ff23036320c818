import Foundation
/// What a person typed in `kho search`, parsed into terms kho quotes itself before SQLite sees
/// them — so `QĐ-TTg`, `1169/` or a stray quote are words to find, never an FTS5 syntax error.
///
/// Syntax: words are ANDed; "quoted words" form a phrase; a trailing * makes a prefix (`chuy*`);
/// OR between two terms; NOT before a term excludes it.
public struct SearchQuery: Equatable, Sendable {
    public enum Term: Equatable, Sendable {
        case word(String)           // one word (may still split into several tokens: 57-NQ/TW)
        case prefix(String)         // chuy*
        case phrase([String])       // "đi từng ngõ"
    }

    public enum Connector: Equatable, Sendable { case and, or, not }

    /// Terms with the connector that joins each to the previous one (the first one's is .and).
    public var clauses: [(Connector, Term)]

    public static func == (a: SearchQuery, b: SearchQuery) -> Bool {
        a.clauses.count == b.clauses.count && zip(a.clauses, b.clauses).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty
        case onlyExclusions
        public var description: String {
            switch self {
            case .empty: return "the search has no words to look for — type at least one word, e.g. kho search chuyen doi so"
            case .onlyExclusions: return "NOT needs a word to search for before it, e.g. kho search ke hoach NOT 2025"
            }
        }
    }

    public init(parsing text: String) throws {
        var clauses: [(Connector, Term)] = []
        var pending: Connector = .and
        var chars = Substring(VietnameseText.nfc(text))
        func add(_ term: Term) {
            clauses.append((clauses.isEmpty && pending != .not ? .and : pending, term))
            pending = .and
        }
        while let c = chars.first {
            if c.isWhitespace { chars.removeFirst(); continue }
            if c == "\"" || c == "“" || c == "”" {
                chars.removeFirst()
                let end = chars.firstIndex { $0 == "\"" || $0 == "”" || $0 == "“" } ?? chars.endIndex
                let words = SearchQuery.words(in: chars[..<end])
                chars = end < chars.endIndex ? chars[chars.index(after: end)...] : ""
                if !words.isEmpty { add(words.count == 1 ? .word(words[0]) : .phrase(words)) }
                continue
            }
            let end = chars.firstIndex { $0.isWhitespace || $0 == "\"" } ?? chars.endIndex
            let raw = String(chars[..<end])
            chars = chars[end...]
            if raw == "OR" { if !clauses.isEmpty { pending = .or }; continue }
            if raw == "NOT" { pending = .not; continue }
            if raw == "AND" { continue }
            if raw.hasSuffix("*"), raw.count > 1, let w = SearchQuery.words(in: Substring(raw.dropLast())).first,
               SearchQuery.words(in: Substring(raw.dropLast())).count == 1 {
                add(.prefix(w))
                continue
            }
            let words = SearchQuery.words(in: Substring(raw))
            if words.count == 1 { add(.word(words[0])) } else if words.count > 1 { add(.phrase(words)) }
        }
        guard !clauses.isEmpty else { throw Failure.empty }
        guard clauses.contains(where: { $0.0 != .not }) else { throw Failure.onlyExclusions }
        self.clauses = clauses
    }

    /// Words as the index sees them: runs of letters, digits and combining marks.
    static func words(in text: Substring) -> [String] {
        var out: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || (0x300...0x36F).contains(scalar.value) {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Every positive word, in order (for phrase and proximity relaxations).
    var positiveWords: [String] {
        clauses.filter { $0.0 != .not }.flatMap { clause -> [String] in
            switch clause.1 {
            case .word(let w), .prefix(let w): return [w]
            case .phrase(let ws): return ws
            }
        }
    }

    /// True when the person typed at least one diacritic.
    public var hasDiacritics: Bool {
        clauses.contains { clause in
            switch clause.1 {
            case .word(let w), .prefix(let w): return VietnameseText.hasDiacritics(w)
            case .phrase(let ws): return ws.contains(where: VietnameseText.hasDiacritics)
            }
        }
    }

    /// The same query with every word folded (the fallback when an accented query finds nothing).
    public var folded: SearchQuery {
        var copy = self
        copy.clauses = clauses.map { connector, term in
            switch term {
            case .word(let w): return (connector, .word(VietnameseText.folded(w)))
            case .prefix(let w): return (connector, .prefix(VietnameseText.folded(w)))
            case .phrase(let ws): return (connector, .phrase(ws.map(VietnameseText.folded)))
            }
        }
        return copy
    }

    // MARK: FTS5 expressions

    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    static func expression(_ term: Term) -> String {
        switch term {
        case .word(let w): return quoted(w)
        case .prefix(let w): return quoted(w) + " *"
        case .phrase(let ws): return quoted(ws.joined(separator: " "))
        }
    }

    /// An unaccented ASCII word's as-typed form in the index (VietnameseTokenizer.asTypedMark), or nil
    /// when the word has no other spelling to tell apart (numbers, accented words: those are exact already).
    static func asTyped(_ word: String) -> String? {
        guard word.utf8.allSatisfy({ $0 < 0x80 }), word.utf8.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
        return VietnameseTokenizer.asTypedPrefix + word.lowercased()
    }

    /// One expression per unaccented word of the query (prefixes and exclusions aside), matching rows
    /// that spell it as typed: "ban" matches ban, not bàn. Rows that spell more of the words so rank
    /// above those that match only folded. Only what the item says counts (title, text, metadata):
    /// file names and folders are nearly always typed without diacritics, so they would put every
    /// "chuyen-doi-so.docx" first.
    public var asTypedExpressions: [String] {
        var seen = Set<String>()
        return clauses.filter { $0.0 != .not }.flatMap { clause -> [String] in
            switch clause.1 {
            case .word(let w): return [w]
            case .phrase(let ws): return ws
            case .prefix: return []
            }
        }.compactMap(SearchQuery.asTyped).filter { seen.insert($0).inserted }.map { "{title body meta} : " + SearchQuery.quoted($0) }
    }

    /// The query as the person wrote it: AND by default, with their OR and NOT.
    public var matchExpression: String { expression(loose: false) }

    /// The same with every quoted phrase loosened to all of its words: cheap for FTS5 to walk, so
    /// it picks the candidates that the exact expression then filters.
    public var looseExpression: String { expression(loose: true) }

    /// Every phrase of `looseExpression` on its own, in the order FTS5 numbers them (for kho_rank).
    public var loosePhrases: [String] {
        clauses.flatMap { connector, term -> [String] in
            if connector != .not, case .phrase(let words) = term { return words.map(SearchQuery.quoted) }
            return [SearchQuery.expression(term)]
        }
    }

    private func expression(loose: Bool) -> String {
        var out = ""
        for (connector, term) in clauses {
            var e = SearchQuery.expression(term)
            // An excluded phrase stays a phrase: loosening it would exclude more than was asked.
            if loose, connector != .not, case .phrase(let words) = term {
                e = "(" + words.map(SearchQuery.quoted).joined(separator: " AND ") + ")"
            }
            if out.isEmpty { out = e; continue }
            switch connector {
            case .and: out = "(\(out)) AND \(e)"
            case .or: out = "(\(out)) OR \(e)"
            case .not: out = "(\(out)) NOT \(e)"
            }
        }
        return out
    }

    /// All positive words as one phrase, or nil when that adds nothing (one word, or OR used).
    public var phraseExpression: String? {
        guard relaxable else { return nil }
        return withExclusions(SearchQuery.quoted(positiveWords.joined(separator: " ")))
    }

    /// All positive words within a few words of each other.
    public var nearExpression: String? {
        guard relaxable else { return nil }
        return withExclusions("NEAR(" + positiveWords.map(SearchQuery.quoted).joined(separator: " ") + ", 3)")
    }

    private var relaxable: Bool {
        positiveWords.count > 1 && !clauses.contains(where: { $0.0 == .or })
            && !clauses.contains(where: { if case .prefix = $0.1 { return true } else { return false } })
    }

    /// `expression` minus every NOT clause of the query.
    private func withExclusions(_ expression: String) -> String {
        clauses.filter { $0.0 == .not }.reduce(expression) { "(\($0)) NOT \(SearchQuery.expression($1.1))" }
    }
}
