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
        if let seconds = seconds(stored) { return Date(timeIntervalSince1970: seconds) }
        if let d = try? Date(stored, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)) { return d }
        return try? Date(stored, strategy: Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Seconds since 1970 of a time as kho writes it ("2026-11-30T02:15:02.123Z", or without the
    /// milliseconds), read by hand: Foundation's ISO 8601 parser and Calendar cost about a
    /// millisecond on the first date a command prints, a tenth of a whole `kho search`.
    static func seconds(_ stored: String) -> Double? {
        var text = stored
        return text.withUTF8 { b -> Double? in
            guard b.count == 20 || b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
                  b[b.count - 1] == 0x5A else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for i in range {
                    guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                    value = value * 10 + Int(b[i] - 0x30)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
                  let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
                  hour < 24, minute < 60, second < 61 else { return nil }
            var millis = 0
            if b.count == 24 {
                guard b[19] == 0x2E, let m = number(20..<23) else { return nil }
                millis = m
            }
            return Double(daysSince1970(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second)
                + Double(millis) / 1_000
        }
    }

    /// Days from 1970-01-01 to a day of the proleptic Gregorian calendar (the civil-from-days
    /// arithmetic of Howard Hinnant's date algorithms).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The local clock (the system's time zone, as `TZ` or /etc/localtime say) at `date`, from the C
    /// library's localtime_r: Calendar's first use loads ICU's time-zone data.
    private static func local(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) {
        var time = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        localtime_r(&time, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
                Int(parts.tm_sec), Int(parts.tm_gmtoff))
    }

    /// "30/11/2026", the local day of a catalogue time (the text as given when it is no time).
    public static func localDay(_ stored: String) -> String {
        guard let date = date(stored) else { return stored }
        let c = local(date)
        return "\(twoDigits(c.day))/\(twoDigits(c.month))/\(c.year)"
    }

    /// "30/11/2026 09:15:02", local time.
    public static func localClock(_ stored: String) -> String {
        guard let date = date(stored) else { return stored }
        let c = local(date)
        return "\(twoDigits(c.day))/\(twoDigits(c.month))/\(c.year) \(twoDigits(c.hour)):\(twoDigits(c.minute)):\(twoDigits(c.second))"
    }

    /// ISO 8601 with the local offset ("2026-11-30T09:15:02+07:00"), for JSON a person may read.
    public static func localISO(_ stored: String) -> String {
        guard let date = date(stored) else { return stored }
        let c = local(date)
        let sign = c.offset < 0 ? "-" : "+"
        return "\(c.year)-\(twoDigits(c.month))-\(twoDigits(c.day))T\(twoDigits(c.hour)):\(twoDigits(c.minute)):\(twoDigits(c.second))"
            + "\(sign)\(twoDigits(abs(c.offset) / 3600)):\(twoDigits(abs(c.offset) % 3600 / 60))"
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

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
