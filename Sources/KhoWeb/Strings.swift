import Foundation
import TOMLKit

/// Every word the web pages show, one catalogue file per language (Strings/vi.toml, en.toml):
/// Vietnamese first, English on request. A missing key shows as itself, so a gap is visible
/// rather than blank (and a test holds the two files' keys equal).
struct Strings: Sendable {
    enum Language: String, CaseIterable, Sendable {
        case vi, en
        var other: Language { self == .vi ? .en : .vi }
    }

    let language: Language
    let table: [String: String]

    subscript(_ key: String) -> String { table[key] ?? key }

    /// A string with `{name}` placeholders filled in.
    func format(_ key: String, _ values: [String: String]) -> String {
        values.reduce(self[key]) { text, pair in text.replacingOccurrences(of: "{\(pair.key)}", with: pair.value) }
    }

    static let all: [Language: Strings] = {
        var out: [Language: Strings] = [:]
        for language in Language.allCases {
            let source = String(decoding: language == .vi ? PackageResources.vi_toml : PackageResources.en_toml, as: UTF8.self)
            // The files are part of the build: one that does not parse is a programming error.
            let toml = try! TOMLTable(string: source)
            var table: [String: String] = [:]
            for (key, value) in toml { if let text = value.string { table[key] = text } }
            out[language] = Strings(language: language, table: table)
        }
        return out
    }()

    static func of(_ language: Language) -> Strings { all[language]! }

    /// Numbers as Vietnamese write them: 12.345 (a dot between thousands); English: 12,345.
    func number(_ n: Int) -> String {
        let digits = String(abs(n))
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped.append(language == .vi ? "." : ",") }
            grouped.append(c)
        }
        return (n < 0 ? "-" : "") + grouped
    }
}
