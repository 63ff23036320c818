import Foundation

/// Filters beside the words of a search.
public struct SearchFilters: Sendable, Equatable {
    public var kind: String?
    public var mime: String?
    public var unit: String?
    /// A folder tag, matched without regard to case or diacritics ("hoi nghi" finds "Hội nghị").
    public var tag: String?
    /// Content type (photo, graphic, scan, administrative …).
    public var contentType: String?
    /// A topic or an event day, matched folded (the start of its name is enough: "chuyen doi so").
    public var topic: String?
    public var event: String?
    /// Document type code (KH, QĐ …) or name ("Kế hoạch").
    public var docType: String?
    /// Issuing body, folded, words anywhere in its name ("ban quan ly thai nguyen").
    public var issuer: String?
    /// A cited document ("57-NQ/TW").
    public var cites: String?
    /// Inclusive bounds on the date taken, "YYYY-MM-DD" (a camera's own clock: no time zone).
    public var takenFrom: String?
    public var takenTo: String?
    /// The year of an item as the "year" facet counts it: taken, else the document's date, else added.
    public var year: Int?
    /// Catalogue instants (UTC ISO 8601): from, inclusive, and before, exclusive — the caller
    /// turns a person's local days into these.
    public var ingestedFrom: String?
    public var ingestedBefore: String?
    public var limit = 20
    /// Results to pass over first (the pages before this one).
    public var offset = 0
    public init() {}
}

/// One search result.
public struct SearchHit: Sendable, Equatable {
    public var object: ObjectRecord
    /// A file name it was ingested under (the most recent).
    public var name: String
    public var unit: String?
    /// Matched words between `Snippet.open` and `Snippet.close` (render with `Snippet.render`).
    public var snippet: String
    /// 0: all the words as a phrase; 1: close together; 2: all present; lower is better.
    public var tier: Int
    public var score: Double
    public var takenAt: String?
    /// Other members of its marked near-duplicate cluster (not listed separately).
    public var similar = 0

    public init(object: ObjectRecord, name: String, unit: String?, snippet: String, tier: Int, score: Double, takenAt: String?) {
        self.object = object; self.name = name; self.unit = unit; self.snippet = snippet; self.tier = tier
        self.score = score; self.takenAt = takenAt
    }
}

/// A search's results and how many there were: every item matching (`matched`), and how many
/// of them were ranked (`ranked`: all of them, or the newest `rankingPool`). When not all were
/// ranked, `matched` is an estimate (`estimated`).
public struct SearchPage: Sendable, Equatable {
    public var hits: [SearchHit]
    public var matched: Int
    public var ranked: Int
    public var estimated: Bool
    /// Every ranked match (at most the ranking pool), to count facets among them.
    public var rankedIDs: [Int64] = []
    public init(hits: [SearchHit], matched: Int, ranked: Int, estimated: Bool = false) {
        self.hits = hits; self.matched = matched; self.ranked = ranked; self.estimated = estimated
    }
}
