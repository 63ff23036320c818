import Foundation

/// An object with where it came from: what `kho show` and `kho ls` print.
public struct ObjectDetails: Sendable, Equatable {
    public var object: ObjectRecord
    public var sources: [SourceRecord]
    public var facts: [FactRecord]
    public var text: TextRecord?
    /// Folder tags per source id (watch-folder sources), outermost first.
    public var tags: [Int64: [String]] = [:]

    public init(object: ObjectRecord, sources: [SourceRecord], facts: [FactRecord], text: TextRecord?, tags: [Int64: [String]]) {
        self.object = object; self.sources = sources; self.facts = facts; self.text = text; self.tags = tags
    }
}

/// Extracted text: a row of `texts`.
public struct TextRecord: Codable, Sendable, Equatable {
    public var body: String
    public var origin: TextOrigin
    public var truncated: Bool
    public var pages: Int?
}

/// Counts for `kho stats`.
public struct CatalogueStats: Sendable, Equatable {
    public var objects: Int
    public var bytes: Int64
    public var sources: Int
    public var byKind: [String: (count: Int, bytes: Int64)]
    public var units: [String: Int]
    /// How extraction went, by status (ok, partial, failed, needs-ocr, none).
    public var extraction: [String: Int]
    public var quarantined: Int
    public var runs: Int
    public var lastRun: IngestRunRecord?
    public var schemaVersion: Int

    public init(objects: Int, bytes: Int64, sources: Int, byKind: [String: (count: Int, bytes: Int64)], units: [String: Int],
                extraction: [String: Int], quarantined: Int, runs: Int, lastRun: IngestRunRecord?, schemaVersion: Int) {
        self.objects = objects; self.bytes = bytes; self.sources = sources; self.byKind = byKind; self.units = units
        self.extraction = extraction; self.quarantined = quarantined; self.runs = runs; self.lastRun = lastRun
        self.schemaVersion = schemaVersion
    }

    public static func == (a: CatalogueStats, b: CatalogueStats) -> Bool {
        a.objects == b.objects && a.bytes == b.bytes && a.sources == b.sources && a.units == b.units
            && a.extraction == b.extraction && a.quarantined == b.quarantined && a.runs == b.runs && a.lastRun == b.lastRun
            && a.byKind.mapValues { "\($0.count)/\($0.bytes)" } == b.byKind.mapValues { "\($0.count)/\($0.bytes)" }
    }
}

/// One removal (table `removals`).
public struct RemovalRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var objectId: Int64?
    public var digest: String
    public var size: Int64
    public var removedBy: String
    public var removedAt: String
    public var reason: String
    public var collectedAt: String?
    /// Set by `kho remove --undo`: the row stays, so the log only ever grows.
    public var restoredBy: String?
    public var restoredAt: String?

    enum CodingKeys: String, CodingKey {
        case id, objectId = "object_id", digest, size, removedBy = "removed_by", removedAt = "removed_at", reason
        case collectedAt = "collected_at", restoredBy = "restored_by", restoredAt = "restored_at"
    }
}
