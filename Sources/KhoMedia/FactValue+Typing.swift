import Foundation
import KhoVocabulary

/// Typing needs the EXIF date rules (a camera's "2026:03:16 08:15:00" is ISO 8601 with its offset).
extension FactValue {
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
}
