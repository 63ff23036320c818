import Foundation
import KhoVocabulary
import KhoCatalogue
import TOMLKit

/// Topics and event days, from `[[topic]]` and `[[event]]` in kho.toml (the sample's when a
/// repository's file has none). Phrases are kept folded, as word lists.
public struct Taxonomy: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var name: String
        public var phrases: [[String]]
        /// One weight per phrase (1 unless the rule gives { text = "…", weight = N }).
        public var weights: [Double] = []
        public var threshold: Double
        /// Event days: month and day, and how many days either side count.
        public var monthDay: (month: Int, day: Int)?
        public var window: Int
        public static func == (a: Rule, b: Rule) -> Bool {
            a.name == b.name && a.phrases == b.phrases && a.weights == b.weights && a.threshold == b.threshold && a.window == b.window
                && a.monthDay?.month == b.monthDay?.month && a.monthDay?.day == b.monthDay?.day
        }
    }

    public var topics: [Rule] = []
    public var events: [Rule] = []

    public static let defaultThreshold = 3.0

    /// The taxonomy that ships (contrib/kho.toml).
    public static var standard: Taxonomy {
        (try? RepositoryConfig.parse(RepositoryConfig.sample, path: "contrib/kho.toml").taxonomy) ?? Taxonomy()
    }

    static func words(_ phrase: String) -> [String] {
        phrase.split { !$0.isLetter && !$0.isNumber }.map { VietnameseText.folded(VietnameseText.nfc(String($0))) }
    }

    static func parse(_ array: TOMLArray, event: Bool, path: String) throws -> [Rule] {
        let section = event ? "[[event]]" : "[[topic]]"
        return try array.map { value in
            guard let t = value.table, let name = t["name"]?.string, !name.isEmpty else {
                throw RepositoryConfig.Failure(path: path, reason: "each \(section) needs a name = \"…\"")
            }
            guard let list = t["words"]?.array, !list.isEmpty else {
                throw RepositoryConfig.Failure(path: path, reason: "\(section) \"\(name)\" needs words = [\"…\", …]")
            }
            // A phrase is "text", or { text = "text", weight = 2 } for one that counts more.
            var phrases: [[String]] = []
            var weights: [Double] = []
            for item in list {
                if let text = item.string {
                    phrases.append(words(text)); weights.append(1)
                } else if let t = item.table, let text = t["text"]?.string {
                    phrases.append(words(text)); weights.append(t["weight"].flatMap { $0.double ?? $0.int.map(Double.init) } ?? 1)
                } else {
                    throw RepositoryConfig.Failure(path: path, reason: "\(section) \"\(name)\": words are \"text\" or { text = \"…\", weight = 2 }")
                }
            }
            let threshold = t["threshold"].flatMap { $0.double ?? $0.int.map(Double.init) } ?? (event ? 1 : defaultThreshold)
            var rule = Rule(name: name.precomposedStringWithCanonicalMapping, phrases: phrases, weights: weights, threshold: threshold,
                            monthDay: nil, window: t["window"]?.int ?? 7)
            if event {
                guard let date = t["date"]?.string, let m = Int(date.prefix(2)), let d = Int(date.suffix(2)), (1...12).contains(m), (1...31).contains(d) else {
                    throw RepositoryConfig.Failure(path: path, reason: "[[event]] \"\(name)\" needs date = \"MM-DD\" (e.g. \"10-10\")")
                }
                rule.monthDay = (m, d)
            }
            return rule
        }
    }
}
