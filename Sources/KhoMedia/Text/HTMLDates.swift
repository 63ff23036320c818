import Foundation

/// When a web page (a news article) says it was published: the publishing system's meta tags
/// (Open Graph `article:published_time`, schema.org `datePublished` in a meta tag or JSON-LD,
/// Dublin Core `DC.date.issued`, the older `pubdate`/`date`), else the first `<time datetime>`.
/// Reports count an article in the week it was published, not the week someone filed it.
enum HTMLDates {
    /// Meta names and properties that carry the publication time, most specific first.
    static let metaKeys = ["article:published_time", "datepublished", "dc.date.issued", "dcterms.issued", "dcterms.created",
                           "dc.date", "pubdate", "publishdate", "date"]

    /// The publication time as the catalogue keeps an item's own date: "2026-03-16",
    /// "2026-03-16T08:30:00" (local to the writer), or with its offset "2026-03-16T08:30:00+07:00".
    static func published(_ html: String) -> String? {
        var found: [String: String] = [:]
        for tag in matches(#"(?i)<meta\b[^>]*>"#, in: html) {
            let attributes = attributesOf(tag)
            guard let key = (attributes["property"] ?? attributes["name"] ?? attributes["itemprop"])?.lowercased(),
                  metaKeys.contains(key), let content = attributes["content"], found[key] == nil else { continue }
            found[key] = content
        }
        for key in metaKeys { if let value = found[key], let date = normalised(value) { return date } }
        if let json = firstCapture(#"(?i)"datePublished"\s*:\s*"([^"]+)""#, in: html), let date = normalised(json) { return date }
        for tag in matches(#"(?i)<time\b[^>]*>"#, in: html) {
            if let value = attributesOf(tag)["datetime"], let date = normalised(value) { return date }
        }
        return nil
    }

    /// ISO 8601 as pages write it, to the catalogue's form; nil for anything else ("16/03/2026" is
    /// not guessed at: a page that writes only that has no machine-readable date).
    static func normalised(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)) else { return nil }
        func group(_ i: Int) -> String? { Range(m.range(at: i), in: t).map { String(t[$0]) } }
        guard let year = group(1), let month = group(2), let day = group(3), let y = Int(year), let mo = Int(month), let d = Int(day),
              (1...12).contains(mo) else { return nil }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        guard (1...[31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]).contains(d) else { return nil }
        let date = "\(year)-\(month)-\(day)"
        guard let hour = group(4), let minute = group(5), Int(hour)! < 24, Int(minute)! < 60 else { return date }
        let clock = "\(date)T\(hour):\(minute):\(group(6) ?? "00")"
        guard let zone = group(7) else { return clock }
        if zone == "Z" { return clock + "+00:00" }
        let digits = zone.replacingOccurrences(of: ":", with: "")
        return clock + digits.prefix(3) + ":" + digits.suffix(2)
    }

    private static func matches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    private static func firstCapture(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)), let r = Range(m.range(at: 1), in: text) else { return nil }
        return String(text[r])
    }

    /// A tag's attributes, names in lower case, values without their quotes and entities decoded.
    private static func attributesOf(_ tag: String) -> [String: String] {
        guard let regex = try? NSRegularExpression(pattern: #"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)"#) else { return [:] }
        var result: [String: String] = [:]
        for m in regex.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
            guard let n = Range(m.range(at: 1), in: tag), let v = Range(m.range(at: 2), in: tag) else { continue }
            var value = String(tag[v])
            if value.hasPrefix("\"") || value.hasPrefix("'") { value = String(value.dropFirst().dropLast()) }
            result[tag[n].lowercased()] = HTMLText.decodeEntities(value)
        }
        return result
    }
}
