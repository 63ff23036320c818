import Foundation
import KhoVocabulary

/// Days and ISO weeks as the people reading a report count them: local days (Vietnam: UTC+7),
/// weeks Monday to Sunday numbered by ISO 8601 (the week of 31/12/2026, a Thursday, is 2026-W53;
/// that of 1/1/2027 too).
public struct ReportCalendar: Sendable {
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(timeZone: TimeZone = .current) {
        self.timeZone = timeZone
        var c = Calendar(identifier: .iso8601)
        c.timeZone = timeZone
        calendar = c
    }

    /// A local day, "2026-12-31".
    public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let year: Int, month: Int, day: Int
        public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }
        public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
        public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
        /// "31/12/2026", as Vietnamese readers write a date.
        public var vietnamese: String { String(format: "%02d/%02d/%04d", day, month, year) }

        /// "2026-12-31" or "31/12/2026".
        public init?(_ text: String) {
            let iso = text.split(separator: "-").compactMap { Int($0) }
            let vn = text.split(separator: "/").compactMap { Int($0) }
            let parts = iso.count == 3 && text.count == 10 ? iso : vn.count == 3 ? [vn[2], vn[1], vn[0]] : []
            guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]), (1900...2200).contains(parts[0]) else { return nil }
            self.init(year: parts[0], month: parts[1], day: parts[2])
        }
    }

    /// An ISO week: its week-numbering year, number and Monday.
    public struct Week: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let year: Int, number: Int
        public let monday: Day
        public let sunday: Day
        public static func < (a: Week, b: Week) -> Bool { (a.year, a.number) < (b.year, b.number) }
        public var description: String { String(format: "%04d-W%02d", year, number) }
    }

    public func date(_ day: Day) -> Date {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12))!
    }

    public func day(of date: Date) -> Day {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: c.year!, month: c.month!, day: c.day!)
    }

    public func today() -> Day { day(of: Date()) }

    /// The first day a date argument names ("2026" is 1/1/2026, "2026-06" 1/6/2026).
    public func firstDay(of argument: DateArgument) -> Day {
        Day(year: argument.year, month: argument.month ?? 1, day: argument.day ?? 1)
    }

    /// The last day it names ("2026" is 31/12/2026, "2026-02" 28/2/2026).
    public func lastDay(of argument: DateArgument) -> Day {
        if let d = argument.day { return Day(year: argument.year, month: argument.month!, day: d) }
        let month = argument.month ?? 12
        let first = date(Day(year: argument.year, month: month, day: 1))
        return day(of: calendar.date(byAdding: DateComponents(month: 1, day: -1), to: first)!)
    }

    public func week(of day: Day) -> Week {
        let d = date(day)
        let c = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear, .weekday], from: d)
        // ISO weekday: Monday is 2 in Foundation's numbering (Sunday 1).
        let back = (c.weekday! + 5) % 7
        let monday = calendar.date(byAdding: .day, value: -back, to: d)!
        return Week(year: c.yearForWeekOfYear!, number: c.weekOfYear!, monday: self.day(of: monday),
                    sunday: self.day(of: calendar.date(byAdding: .day, value: 6, to: monday)!))
    }

    /// Every week that has a day in `from...to`, in order.
    public func weeks(from: Day, to: Day) -> [Week] {
        var result: [Week] = []
        var current = week(of: from)
        while current.monday <= to {
            result.append(current)
            current = week(of: day(of: calendar.date(byAdding: .day, value: 7, to: date(current.monday))!))
        }
        return result
    }

    /// The local day an item belongs to: its own date (a photo's time taken, an article's time
    /// published; with an offset it is moved into this time zone, without one it is already the
    /// writer's local time), else an administrative document's full date, else the day it was stored.
    public func itemDay(takenAt: String?, documentDate: String?, storedAt: String) -> (day: Day, own: Bool) {
        if let taken = takenAt, let day = ownDay(taken) { return (day, true) }
        if let printed = documentDate, printed.count == 10, let day = Day(printed) { return (day, true) }
        return (Timestamp.date(storedAt).map { day(of: $0) } ?? Day(String(storedAt.prefix(10)))!, false)
    }

    private func ownDay(_ taken: String) -> Day? {
        if taken.count > 19, let date = try? Date(taken, strategy: .iso8601) { return day(of: date) }
        return Day(String(taken.prefix(10)))
    }
}
