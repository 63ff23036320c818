import Foundation

/// A fact as a script should receive it: numbers as numbers, dates as ISO 8601, the rest as text.
/// The catalogue keeps every fact as text (one table, one column); the type comes from its key.
public enum FactValue: Sendable, Equatable, Encodable {
    case number(Double)
    case integer(Int)
    case text(String)

    /// Keys whose values are numbers (GPS, sizes, exposure, orientation, duration …).
    public static let integerKeys: Set<String> = ["exif.orientation", "exif.iso", "image.width", "image.height", "media.width",
                                           "media.height", "media.channels", "media.sample_rate", "media.bit_rate"]
    public static let numberKeys: Set<String> = ["gps.latitude", "gps.longitude", "gps.altitude", "exif.exposure_time", "exif.f_number",
                                          "exif.focal_length", "media.duration", "media.frame_rate"]

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let x): try container.encode(x)
        case .integer(let n): try container.encode(n)
        case .text(let s): try container.encode(s)
        }
    }
}
