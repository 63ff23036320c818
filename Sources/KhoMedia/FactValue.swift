import Foundation
import KhoVocabulary

/// A fact as a script should receive it: numbers as numbers, dates as ISO 8601, the rest as text.
/// The catalogue keeps every fact as text (one table, one column); the type comes from its key.
public enum FactValue: Sendable, Equatable, Encodable {
    case number(Double)
    case integer(Int)
    case text(String)

    /// Keys whose values are numbers (GPS, sizes, exposure, orientation, duration …).
    static let integerKeys: Set<String> = ["exif.orientation", "exif.iso", "image.width", "image.height", "media.width",
                                           "media.height", "media.channels", "media.sample_rate", "media.bit_rate"]
    static let numberKeys: Set<String> = ["gps.latitude", "gps.longitude", "gps.altitude", "exif.exposure_time", "exif.f_number",
                                          "exif.focal_length", "media.duration", "media.frame_rate"]

    /// The typed value of one fact; `offset` is the photo's recorded time zone ("+07:00"), if any.
    public static func typed(key: String, value: String, offset: String? = nil) -> FactValue {
        if integerKeys.contains(key), let n = Int(value) { return .integer(n) }
        if numberKeys.contains(key) || integerKeys.contains(key), let x = Double(value) { return .number(x) }
        if key == "exif.date_taken" {
            var facts = ExifFacts(dateTaken: value)
            facts.offset = offset
            if let iso = facts.takenAtISO { return .text(iso) }
        }
        return .text(value)
    }

    /// Every fact of an item, typed (the first value of a key wins).
    public static func typed(_ facts: [(key: String, value: String)]) -> [String: FactValue] {
        let offset = facts.first { $0.key == "exif.offset" }?.value
        var out: [String: FactValue] = [:]
        for (key, value) in facts where out[key] == nil { out[key] = typed(key: key, value: value, offset: offset) }
        return out
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let x): try container.encode(x)
        case .integer(let n): try container.encode(n)
        case .text(let s): try container.encode(s)
        }
    }
}
