import Foundation
import KhoVocabulary
/// What happened to one file in an ingest.
public struct IngestItem: Sendable, Equatable, Codable {
    public var path: String
    public var status: IngestResult
    public var digest: String?
    public var size: Int64?
    public var mime: String?
    public var kind: MediaKind?
    /// How extraction went when it was not simply "ok": partial, failed, needs-ocr.
    public var extraction: Extraction.Status?
    /// For `failed` and `quarantined`: why. For others: a note such as an extension mismatch.
    public var reason: String?
    /// New content that looks like an item already stored (same picture resized, same plan as PDF …).
    public var nearDuplicate: NearDuplicate?
    /// The bytes were taken out with `kho remove` before (`reason` says when, by whom, and what now).
    public var removed: Bool?
    /// Stored and findable; its text waits for OCR (the catalogue's queue, see OCRJob).
    public var ocrQueued: Bool?

    enum CodingKeys: String, CodingKey {
        case path, status, digest, size, mime, kind, extraction, reason, nearDuplicate = "near_duplicate", removed
        case ocrQueued = "ocr_queued"
    }
}

/// The stored item a new one most resembles.
public struct NearDuplicate: Sendable, Equatable, Codable {
    public var digest: String
    /// pHash bits for images; 1 − similarity for videos, audio and documents.
    public var distance: Double
    public var method: Fingerprint.Method

    /// "near-duplicate of 3fa9c1b2e4d5… (distance 4)", "(similarity 0.98)".
    public var description: String {
        let measure = method == .phash ? "distance \(Int(distance))" : String(format: "similarity %.2f", 1 - distance)
        return "near-duplicate of \(digest.prefix(12))… (\(measure))"
    }
}

/// Totals for one ingest run.
public struct IngestSummary: Sendable, Equatable, Codable {
    public var runID: Int64
    public var filesSeen = 0
    public var added = 0
    public var duplicates = 0
    public var quarantined = 0
    public var failed = 0
    /// Taken, but their text, facts or pixels could be read only in part or not at all (or need OCR).
    public var warnings = 0
    /// New items that resemble stored ones.
    public var nearDuplicates = 0
    /// New items whose text waits for OCR (scans, posters, infographics).
    public var ocrQueued = 0
    public var sourcesAdded = 0
    public var bytesRead: Int64 = 0
    public var bytesStored: Int64 = 0
    public var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", filesSeen = "files_seen", added, duplicates, quarantined, failed, warnings
        case sourcesAdded = "sources_added", nearDuplicates = "near_duplicates", ocrQueued = "ocr_queued"
        case bytesRead = "bytes_read", bytesStored = "bytes_stored", seconds
    }

    /// True when every file found was taken (added or already there).
    public var allTaken: Bool { quarantined == 0 && failed == 0 }
}

/// Progress of a long run, for a terminal's status line.
public struct IngestProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int64
    public var bytesTotal: Int64
}

extension IngestSummary {
    mutating func add(_ other: IngestSummary) {
        filesSeen += other.filesSeen
        added += other.added
        duplicates += other.duplicates
        quarantined += other.quarantined
        failed += other.failed
        warnings += other.warnings
        nearDuplicates += other.nearDuplicates
        ocrQueued += other.ocrQueued
        sourcesAdded += other.sourcesAdded
        bytesRead += other.bytesRead
        bytesStored += other.bytesStored
    }
}
