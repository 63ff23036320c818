import Foundation

/// Catalogue times: ISO 8601 in UTC with milliseconds, so text order is time order. People see
/// them in the system's time zone (Vietnam: UTC+7), as dd/mm/yyyy, and their date filters mean
/// local days.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    public static func now() -> String { string(Date()) }

    public static func string(secondsSince1970 seconds: Double) -> String {
        string(Date(timeIntervalSince1970: seconds))
    }

    /// A catalogue time back as a date (with or without milliseconds).
    public static func date(_ stored: String) -> Date? {
        if let d = try? Date(stored, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)) { return d }
        return try? Date(stored, strategy: Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    private static func local(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    /// "30/11/2026", the local day of a catalogue time (the text as given when it is no time).
    public static func localDay(_ stored: String) -> String {
        guard let date = date(stored) else { return stored }
        let c = local(date)
        return String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
    }

    /// "30/11/2026 09:15:02", local time.
    public static func localClock(_ stored: String) -> String {
        guard let date = date(stored) else { return stored }
        let c = local(date)
        return String(format: "%02d/%02d/%04d %02d:%02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!, c.second!)
    }

    /// ISO 8601 with the local offset ("2026-11-30T09:15:02+07:00"), for JSON a person may read.
    public static func localISO(_ stored: String) -> String {
        guard let date = date(stored) else { return stored }
        let c = local(date)
        let offset = TimeZone.current.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d%@%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!,
                      sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// The catalogue time at which local day `year-month-day` starts (its first instant, in UTC).
    /// Nil for a day that does not exist (2008-13-01, 2026-02-30).
    public static func startOfLocalDay(year: Int, month: Int, day: Int) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = DateComponents(year: year, month: month, day: day)
        guard parts.isValidDate(in: calendar), let date = calendar.date(from: parts) else { return nil }
        return string(date)
    }
}
