import Foundation
import KhoCatalogue
import KhoVocabulary

/// `kho report quota`: for each unit and each ISO week, the items it contributed of the content
/// types kho.toml counts, against the weekly quota of that year. A week only partly inside the
/// asked period is shown but never flagged: it is not over yet, or not all of it was asked for.
public struct QuotaReport: Sendable, Encodable {
    public struct WeekRow: Sendable, Encodable, Equatable {
        public let week: String          // "2026-W53"
        public let monday: String        // "2026-12-28"
        public let sunday: String
        public let count: Int
        public let quota: Int?           // nil: no quota that year
        public let partial: Bool         // only part of the week lies in the period
        public let below: Bool           // a whole week with fewer than its quota
    }

    public struct UnitRow: Sendable, Encodable, Equatable {
        public let unit: String          // "" for items filed without a unit
        public let weeks: [WeekRow]
        public let total: Int
        public let weeksBelow: Int
        public let weeksCounted: Int     // whole weeks with a quota

        enum CodingKeys: String, CodingKey { case unit, weeks, total, weeksBelow = "weeks_below", weeksCounted = "weeks_counted" }
    }

    public let from: String
    public let to: String
    public let counts: [ContentType]
    public let units: [UnitRow]
    /// Items counted by the day they were stored, having no date of their own.
    public let datedByStorage: Int

    enum CodingKeys: String, CodingKey { case from, to, counts, units, datedByStorage = "dated_by_storage" }

    /// `units`: report on these only (others' rows left out); every unit with a contribution otherwise.
    public static func make(_ contributions: [Contribution], settings: QuotaSettings, from: ReportCalendar.Day, to: ReportCalendar.Day,
                            units wanted: Set<String>? = nil, calendar: ReportCalendar) -> QuotaReport {
        let weeks = calendar.weeks(from: from, to: to)
        var counts: [String: [ReportCalendar.Week: Int]] = [:]
        var byStorage = 0
        for c in contributions where settings.counts.contains(c.contentType) {
            let unit = c.unit ?? ""
            if let wanted, !wanted.contains(unit) { continue }
            let (day, own) = calendar.itemDay(takenAt: c.takenAt, documentDate: c.documentDate, storedAt: c.storedAt)
            guard day >= from, day <= to else { continue }
            if !own { byStorage += 1 }
            counts[unit, default: [:]][calendar.week(of: day), default: 0] += 1
        }
        for unit in wanted ?? [] where counts[unit] == nil { counts[unit] = [:] }
        let rows = counts.keys.sorted().map { unit -> UnitRow in
            let perWeek = counts[unit]!
            let weekRows = weeks.map { w -> WeekRow in
                let n = perWeek[w] ?? 0
                let quota = settings.perWeek(inWeekYear: w.year)
                let partial = w.monday < from || w.sunday > to
                return WeekRow(week: w.description, monday: w.monday.description, sunday: w.sunday.description, count: n,
                               quota: quota, partial: partial, below: !partial && quota.map { n < $0 } == true)
            }
            return UnitRow(unit: unit, weeks: weekRows, total: weekRows.reduce(0) { $0 + $1.count },
                           weeksBelow: weekRows.filter(\.below).count,
                           weeksCounted: weekRows.filter { !$0.partial && $0.quota != nil }.count)
        }
        return QuotaReport(from: from.description, to: to.description, counts: settings.counts, units: rows, datedByStorage: byStorage)
    }

    /// One line a unit and week, for a spreadsheet: unit, week, Monday, Sunday, count, quota, status.
    public var csv: String {
        var lines = ["unit,week,monday,sunday,count,quota,status"]
        for u in units {
            for w in u.weeks {
                let status = w.partial ? "partial" : w.quota == nil ? "no quota" : w.below ? "below" : "met"
                lines.append([QuotaReport.csvField(u.unit), w.week, w.monday, w.sunday, String(w.count),
                              w.quota.map(String.init) ?? "", status].joined(separator: ","))
            }
        }
        // A byte-order mark: Excel reads the file as UTF-8 only with one (unit names have diacritics).
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvField(_ text: String) -> String {
        // Spreadsheets run a cell that starts with = + - @ as a formula: quoted and defused.
        let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || safe != text else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
