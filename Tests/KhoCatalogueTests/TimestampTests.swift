import Foundation
import KhoVocabulary
import Testing

/// Catalogue times are read by hand (Timestamp.seconds) and shown through the C library's clock;
/// both must agree with Foundation's parser and Calendar, which they replaced for speed.
@Suite("Timestamps")
struct TimestampTests {
    /// Every 1,000th-ish second from 1900 to 2100, plus days where calendars go wrong.
    static let samples: [Date] = {
        var generator = SystemRandomNumberGenerator()
        var dates = (0..<3_000).map { _ in Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...4_102_444_800, using: &generator)) + Double(Int.random(in: 0...999)) / 1000) }
        for fixed in ["1970-01-01T00:00:00.000Z", "2000-02-29T23:59:59.999Z", "1900-03-01T00:00:00.000Z", "2100-02-28T12:00:00.000Z",
                      "2026-12-31T17:00:00.000Z", "1969-12-31T23:59:59.500Z"] {
            dates.append(try! Date(fixed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)))
        }
        return dates
    }()

    /// Milliseconds since 1970: what a stored time holds (Foundation's parser and Date(timeIntervalSince1970:)
    /// round differently below a microsecond).
    static func millis(_ date: Date?) -> Int64? { date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } }

    @Test("a stored time reads back to the same millisecond, with and without milliseconds")
    func readsBack() {
        for date in Self.samples {
            let stored = Timestamp.string(date)
            let foundation = try! Date(stored, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
            #expect(Self.millis(Timestamp.date(stored)) == Self.millis(foundation), "\(stored)")
            let whole = String(stored.prefix(19)) + "Z"
            #expect(Self.millis(Timestamp.date(whole)) == Self.millis(try! Date(whole, strategy: Date.ISO8601FormatStyle(timeZone: .gmt))), "\(whole)")
        }
        #expect(Timestamp.date("2026-13-01T00:00:00Z") == nil)
        #expect(Timestamp.date("yesterday") == nil)
    }

    @Test("local days and clocks are the system time zone's, as Calendar says")
    func localClock() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        for date in Self.samples {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let stored = Timestamp.string(date)
            let day = String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
            #expect(Timestamp.localDay(stored) == day, "\(stored)")
            #expect(Timestamp.localClock(stored) == day + String(format: " %02d:%02d:%02d", c.hour!, c.minute!, c.second!), "\(stored)")
            let offset = TimeZone.current.secondsFromGMT(for: date)
            #expect(Timestamp.localISO(stored).hasSuffix(String(format: "%@%02d:%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, abs(offset) % 3600 / 60)))
        }
    }
}
