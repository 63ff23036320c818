import Foundation

/// Catalogue times: ISO 8601 in UTC with milliseconds, so text order is time order.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }

    public static func now() -> String { string(Date()) }

    public static func string(secondsSince1970 seconds: Double) -> String {
        string(Date(timeIntervalSince1970: seconds))
    }
}
