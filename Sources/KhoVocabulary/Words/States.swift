/// What became of one file offered to kho (an ingest's item, a watch-journal row).
public enum IngestResult: String, Sendable, Codable, CaseIterable {
    /// New content: a new object in the store and the catalogue.
    case added
    /// The bytes were already stored: this path became (or stayed) a source of that object.
    case duplicate
    /// Refused (dangerous or lying content); bytes kept under quarantine/.
    case quarantined
    /// Not taken at all; the reason says why.
    case failed

    /// The library holds the file's content (so the original may be moved or deleted).
    public var isTaken: Bool { self == .added || self == .duplicate }
}

/// Where a watch-journal row stands.
public enum WatchState: String, Sendable, Codable, CaseIterable {
    /// Catalogued; the original not yet kept, moved or deleted as asked.
    case taken
    /// The original was handled too.
    case done
}

/// What the watcher does with an original once the library holds it.
public enum AfterAction: String, Sendable, Codable, CaseIterable {
    case keep, move, delete
}

/// How an audit found an object's stored bytes.
public enum Damage: String, Sendable, Codable, CaseIterable {
    /// The file is there but its bytes no longer hash to its name (or its size is wrong).
    case corrupt
    /// The file is gone from the store.
    case missing
}

/// Who said a value: kho's rules, or a person (`kho tag`, `kho set`), whose word the rules never undo.
public enum ValueOrigin: String, Sendable, Codable, CaseIterable {
    case rule, manual
}

/// A topic of an item, or the event (a dated occasion) it belongs to.
public enum TopicKind: String, Sendable, Codable, CaseIterable {
    case topic, event
}

/// What sort of communications material an item is (`kho classify`; `--type` filters).
public enum ContentType: String, Sendable, Codable, CaseIterable {
    case photo, graphic, scan, video, audio, slides, spreadsheet, article, administrative, document, other
}

/// Which job wrote an `audit_runs` row.
public enum AuditRunKind: String, Sendable, Codable, CaseIterable {
    case audit, repair
}

/// What an audit found wrong (or a repair mended).
public enum FindingKind: String, Sendable, Codable, CaseIterable {
    case corrupt, missing, unreadable, permissions, stray
    case tmpLeftover = "tmp-leftover"
    case catalogue
    case foreignKey = "foreign-key"
    case searchIndex = "search-index"
}

/// How an audit or repair ended.
public enum AuditOutcome: String, Sendable, Codable, CaseIterable {
    /// Audit: nothing wrong. Repair: everything mended.
    case clean, mended
    /// Audit: findings. Repair: some could not be mended.
    case problems, unmended
}

extension FindingKind {
    /// The finding for damage an audit flagged.
    public init(_ damage: Damage) {
        switch damage {
        case .corrupt: self = .corrupt
        case .missing: self = .missing
        }
    }
}

/// What the watcher's log and status say of one file.
public enum WatchResult: String, Sendable, Codable, CaseIterable {
    case added, duplicate, quarantined, failed
    /// Taken by an earlier run; only its original was handled now.
    case alreadyTaken = "already-taken"
    /// Deleted or moved away before it could be taken.
    case gone

    public init(_ result: IngestResult) {
        switch result {
        case .added: self = .added
        case .duplicate: self = .duplicate
        case .quarantined: self = .quarantined
        case .failed: self = .failed
        }
    }
}

/// What a person may set by hand on an item (`kho set`); it wins over extraction and the rules.
public enum ManualField: String, Sendable, Codable, CaseIterable {
    case title, unit, type, caption
}

/// What OCR has to read for one queued item.
public enum OCRWork: String, Sendable, Codable, CaseIterable {
    /// A PDF whose pages are images (a scan): rendered and read page by page.
    case pages
    /// A poster, infographic or scanned page stored as a picture.
    case picture
}
