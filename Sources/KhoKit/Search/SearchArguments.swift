import Foundation
import KhoVocabulary
import KhoCatalogue

/// A filter or date a person typed that kho cannot use: a usage error that says what would work.
public struct FilterFailure: Error, CustomStringConvertible {
    public let description: String
}

/// Dates as people type them in filters: 2026, 2026-10, 2026-10-10 or 10/10/2026 (dd/mm/yyyy, as
/// Vietnamese write them). A day that does not exist (2008-13-01, 30/02/2026) is refused.
public struct DateArgument: Sendable, Equatable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(parsing text: String, option: String) throws {
        let t = text.trimmingCharacters(in: .whitespaces)
        let fail = FilterFailure(description: "\(option) wants a date like 2026-10-10 or 10/10/2026 (or 2026-10, or 2026), not '\(text)'")
        let numbers: [Int]
        if t.range(of: #"^\d{4}(-\d{1,2}(-\d{1,2})?)?$"#, options: .regularExpression) != nil {
            numbers = t.split(separator: "-").compactMap { Int($0) }
        } else if t.range(of: #"^\d{1,2}/\d{1,2}/\d{4}$"#, options: .regularExpression) != nil {
            numbers = t.split(separator: "/").compactMap { Int($0) }.reversed()
        } else if t.range(of: #"^\d{1,2}/\d{4}$"#, options: .regularExpression) != nil {
            numbers = t.split(separator: "/").compactMap { Int($0) }.reversed()
        } else {
            throw fail
        }
        year = numbers[0]
        month = numbers.count > 1 ? numbers[1] : nil
        day = numbers.count > 2 ? numbers[2] : nil
        guard Timestamp.startOfLocalDay(year: year, month: month ?? 1, day: day ?? 1) != nil else {
            throw FilterFailure(description: "\(option): \(text) is not a day of the calendar (dd/mm/yyyy: the month is 1–12, the day fits the month)")
        }
    }

    /// The first day it covers, "YYYY-MM-DD".
    public var firstDay: String { String(format: "%04d-%02d-%02d", year, month ?? 1, day ?? 1) }

    /// The last day it covers, "YYYY-MM-DD".
    public var lastDay: String {
        if let day { return String(format: "%04d-%02d-%02d", year, month!, day) }
        let m = month ?? 12
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let days = calendar.range(of: .day, in: .month, for: calendar.date(from: DateComponents(year: year, month: m, day: 1))!)!.count
        return String(format: "%04d-%02d-%02d", year, m, days)
    }

    /// The catalogue instant its first local day starts at.
    public var start: String { Timestamp.startOfLocalDay(year: year, month: month ?? 1, day: day ?? 1)! }

    /// The catalogue instant the local day after its last one starts at.
    public var end: String {
        let last = lastDay.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let next = calendar.date(byAdding: .day, value: 1, to: calendar.date(from: DateComponents(year: last[0], month: last[1], day: last[2]))!)!
        return Timestamp.string(next)
    }
}

/// Checks filter values against what the library holds, so that a typo (`--unit Vanphong`,
/// `--type foto`) is a usage error naming the nearest known value, never an empty result that
/// looks like "nothing there".
public enum FilterValues {
    public static func check(_ filters: SearchFilters, catalogue: any SearchCatalogue, settingsUnits: [String] = []) throws {
        let given: [(option: String, key: String, value: String?)] = [
            ("--type", "type", filters.contentType), ("--unit", "unit", filters.unit), ("--topic", "topic", filters.topic),
            ("--event", "event", filters.event), ("--tag", "tag", filters.tag), ("--doctype", "doctype", filters.docType),
        ]
        guard given.contains(where: { $0.value != nil }) else { return }
        var known = try catalogue.knownFilterValues()
        known["type"] = ContentType.allCases.map(\.rawValue)
        known["unit", default: []] += settingsUnits
        for (option, key, value) in given {
            guard let value else { continue }
            let values = Array(Set(known[key] ?? [])).sorted()
            let folded = VietnameseText.folded(VietnameseText.nfc(value))
            let matches: Bool
            switch key {
            case "topic", "event": matches = values.contains { VietnameseText.folded($0).contains(folded) }
            case "tag": matches = values.contains { VietnameseText.folded($0) == folded }
            default: matches = values.contains(VietnameseText.nfc(value))
            }
            if matches { continue }
            throw FilterFailure(description: unknown(value, option: option, among: values))
        }
    }

    /// "no unit is called 'Vanphong'; did you mean VanPhong?" or the list of known values.
    static func unknown(_ value: String, option: String, among values: [String]) -> String {
        let what = option.dropFirst(2)
        guard !values.isEmpty else { return "no item has a \(what) yet, so \(option) '\(value)' matches nothing" }
        if let near = Spelling.closest(to: value, among: values) {
            return "no \(what) is called '\(value)'; did you mean \(near)? (kho facets lists them all)"
        }
        let shown = values.prefix(20).joined(separator: ", ") + (values.count > 20 ? ", … (\(values.count) in all: kho facets)" : "")
        return "no \(what) is called '\(value)'; known: \(shown)"
    }
}

/// The nearest spelling, compared without case or diacritics.
enum Spelling {
    static func closest(to value: String, among values: [String]) -> String? {
        let target = Array(VietnameseText.folded(VietnameseText.nfc(value)))
        var best: (String, Int)?
        for candidate in values {
            let d = distance(target, Array(VietnameseText.folded(candidate)))
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let best, best.1 <= max(2, target.count / 3) else { return nil }
        return best.0
    }

    /// Levenshtein distance.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
