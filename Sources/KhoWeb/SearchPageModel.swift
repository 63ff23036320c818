import Foundation
import KhoKit

/// A search page's query string: the words, the facet values chosen and the page, and the links
/// that change one of them.
struct SearchParameters {
    /// Facets in the order the page shows them; each is a query parameter of the same name.
    static let facetKeys = ["type", "topic", "event", "unit", "year", "doctype", "issuer", "cites"]
    static let pageSize = 24

    var words: String
    var values: [String: String]
    var page: Int

    init(query: [String: String]) {
        words = query["q"]?.trimmingCharacters(in: .whitespaces) ?? ""
        values = [:]
        for key in Self.facetKeys {
            if let v = query[key]?.trimmingCharacters(in: .whitespaces), !v.isEmpty { values[key] = v }
        }
        page = max(1, min(Int(query["page"] ?? "") ?? 1, 10_000))
    }

    /// The filters for the library, or the reason a value cannot be used.
    func filters() throws -> SearchFilters {
        var f = SearchFilters()
        f.contentType = values["type"]
        f.topic = values["topic"]
        f.event = values["event"]
        f.unit = values["unit"]
        f.docType = values["doctype"]
        f.issuer = values["issuer"]
        f.cites = values["cites"]
        if let year = values["year"] {
            guard let y = Int(year), (1900...2200).contains(y) else { throw WebError.badRequest("year \(year)") }
            f.year = y
        }
        f.limit = Self.pageSize
        f.offset = (page - 1) * Self.pageSize
        return f
    }

    /// This search with `key` set to `value` (nil: removed), from its first page.
    func link(setting key: String, to value: String?) -> String {
        var copy = self
        copy.values[key] = value
        copy.page = 1
        return copy.href
    }

    func link(page: Int) -> String {
        var copy = self
        copy.page = page
        return copy.href
    }

    var href: String {
        var parts: [String] = []
        if !words.isEmpty { parts.append("q=" + Pages.queryEscaped(words)) }
        for key in Self.facetKeys { if let v = values[key] { parts.append(key + "=" + Pages.queryEscaped(v)) } }
        if page > 1 { parts.append("page=\(page)") }
        return "/" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }
}

/// Dates as the pages show them: dd/mm/yyyy.
enum WebDates {
    /// A camera's "2026-10-10T09:15:02" (its own clock, no zone) or a catalogue instant.
    static func day(takenAt: String?, added: String) -> String {
        if let taken = takenAt, taken.count >= 10 {
            let p = taken.prefix(10).split(separator: "-")
            if p.count == 3 { return "\(p[2])/\(p[1])/\(p[0])" }
        }
        return Timestamp.localDay(added)
    }
}
