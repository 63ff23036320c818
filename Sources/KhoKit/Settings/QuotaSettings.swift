import Foundation
import KhoVocabulary
import TOMLKit

/// `[quota]` in kho.toml: how many items each unit must contribute a week, by year, and which
/// content types count. The plans behind the library ask one article a week in 2026 and two a
/// week from 2027 to 2030: that is the default.
///
///     [quota]
///     counts = ["article"]            # content types that count (e.g. add "video", "graphic")
///     [quota.per_week]
///     "2026" = 1
///     "2027-2030" = 2
public struct QuotaSettings: Sendable, Equatable {
    public struct Period: Sendable, Equatable {
        public var firstYear: Int
        public var lastYear: Int
        public var perWeek: Int
        public init(firstYear: Int, lastYear: Int, perWeek: Int) {
            self.firstYear = firstYear; self.lastYear = lastYear; self.perWeek = perWeek
        }
    }

    public var periods = [Period(firstYear: 2026, lastYear: 2026, perWeek: 1), Period(firstYear: 2027, lastYear: 2030, perWeek: 2)]
    public var counts: [ContentType] = [.article]

    public init() {}

    /// The weekly quota of an ISO week-numbering year, nil when no period covers it.
    public func perWeek(inWeekYear year: Int) -> Int? {
        periods.first { (year >= $0.firstYear) && (year <= $0.lastYear) }?.perWeek
    }

    static func parse(_ table: TOMLTable, path: String) throws -> QuotaSettings {
        typealias Failure = RepositoryConfig.Failure
        var quota = QuotaSettings()
        for key in table.keys where !["counts", "per_week"].contains(key) {
            throw Failure(path: path, reason: "[quota] has an unknown key \"\(key)\" (known: counts, per_week)")
        }
        if let counts = table["counts"] {
            let known = ContentType.allCases.map(\.rawValue).joined(separator: ", ")
            guard let array = counts.array, !array.isEmpty else {
                throw Failure(path: path, reason: "[quota] counts must be a list of content types (\(known))")
            }
            quota.counts = try array.map {
                guard let text = $0.string, let type = ContentType(rawValue: text) else {
                    throw Failure(path: path, reason: "[quota] counts holds \($0.debugDescription), not a content type (\(known))")
                }
                return type
            }
        }
        if let perWeek = table["per_week"] {
            guard let perWeek = perWeek.table else { throw Failure(path: path, reason: "[quota] per_week must be a table like \"2026\" = 1") }
            quota.periods = try perWeek.map { key, value in
                guard let count = value.int, count >= 0 else {
                    throw Failure(path: path, reason: "[quota.per_week] \"\(key)\" must be a whole number of items a week")
                }
                guard let years = yearRange(key) else {
                    throw Failure(path: path, reason: "[quota.per_week] \"\(key)\" is not a year or a span of years such as \"2027-2030\"")
                }
                return Period(firstYear: years.0, lastYear: years.1, perWeek: count)
            }.sorted { $0.firstYear < $1.firstYear }
            for (a, b) in zip(quota.periods, quota.periods.dropFirst()) where b.firstYear <= a.lastYear {
                throw Failure(path: path, reason: "[quota.per_week] the years \(a.firstYear)-\(a.lastYear) and \(b.firstYear)-\(b.lastYear) overlap")
            }
        }
        return quota
    }

    /// "2026", "2027-2030" or "2027–2030" (an en dash, as a person types a span in Word).
    static func yearRange(_ text: String) -> (Int, Int)? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map { $0.trimmingCharacters(in: .whitespaces) }
        let years = parts.compactMap { Int($0) }.filter { (1900...2200).contains($0) }
        guard years.count == parts.count else { return nil }
        switch years.count {
        case 1: return (years[0], years[0])
        case 2 where years[0] <= years[1]: return (years[0], years[1])
        default: return nil
        }
    }
}
