import GRDB
import KhoVocabulary

/// A file whose bytes are safely in the store, ready to be catalogued.
public struct CataloguedFile: Sendable {
    public var digest: String
    public var size: Int64
    public var mime: String
    public var kind: MediaKind
    public var path: String
    public var fileName: String
    public var mtime: String
    public var unit: String?
    public var claimedMime: String?
    public var extMismatch: Bool
    public var facts: [Extraction.Fact]
    /// Labels for this source (the watch folder's sub-folders), NFC.
    public var tags: [String] = []
    /// A name that is not UTF-8, read as Windows-1258.
    public var nameReading: String?
    /// Its perceptual fingerprint (new content only).
    public var fingerprint: Fingerprint?
    /// Content type, topics, document fields (new content only).
    public var classification: ClassificationRecord?
    /// What the extractors found (nil for bytes already catalogued: nothing new to say).
    public var extraction: Extraction?
    /// Text still to read by OCR (new content only): queued with the object, in the same transaction.
    public var ocr: OCRRequest?

    public init(digest: String, size: Int64, mime: String, kind: MediaKind, path: String, fileName: String,
                mtime: String, unit: String?, claimedMime: String?, extMismatch: Bool, facts: [Extraction.Fact]) {
        self.digest = digest; self.size = size; self.mime = mime; self.kind = kind; self.path = path
        self.fileName = fileName; self.mtime = mtime; self.unit = unit; self.claimedMime = claimedMime
        self.extMismatch = extMismatch; self.facts = facts
    }
}

/// What the catalogue made of one file.
public struct CatalogueOutcome: Sendable, Equatable {
    /// The object row is new (first time these bytes were seen).
    public var objectAdded: Bool
    /// The source row is new (this path had not produced these bytes before).
    public var sourceAdded: Bool
    /// The object's row id.
    public var objectID: Int64 = 0
    /// These bytes were taken out with `kho remove`: the latest removal. With `objectAdded` false
    /// the item is still removed (hidden until `kho remove --undo`); with it true, the removed copy
    /// had been collected by `kho gc` and the bytes are stored again.
    public var removal: RemovalRecord?
}

extension Catalogue {
    /// Opens an ingest run; its counts are filled by `finishRun`.
    public func beginRun(_ run: IngestRunRecord) throws -> Int64 {
        try write { db in
            var run = run
            try run.insert(db)
            return run.id!
        }
    }

    /// Writes a run's totals and end. `lazily`: without waiting for the disk (a watcher's running
    /// totals, rewritten after every batch).
    public func finishRun(_ run: IngestRunRecord, lazily: Bool = false) throws {
        if lazily { try writeLazily { db in try run.update(db) } } else { try write { db in try run.update(db) } }
    }

    /// Records one batch in one transaction: objects (once per digest), their sources, their facts,
    /// quarantined and failed files. Call only after the batch's objects are durable in the store.
    public func record(runID: Int64, files: [CataloguedFile], quarantined: [QuarantineRecord],
                       problems: [ProblemRecord], at time: String) throws -> [CatalogueOutcome] {
        try write { db in
            var outcomes: [CatalogueOutcome] = []
            outcomes.reserveCapacity(files.count)
            let insertObject = try db.cachedStatement(sql: """
                INSERT INTO objects (digest, size, mime, kind, first_seen_at, first_run_id)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(digest) DO NOTHING
                """)
            let objectID = try db.cachedStatement(sql: "SELECT id FROM objects WHERE digest = ?")
            let insertSource = try db.cachedStatement(sql: """
                INSERT INTO sources (object_id, path, file_name, size, mtime, unit, claimed_mime, ext_mismatch,
                                     run_id, ingested_at, last_run_id, last_seen_at, name_reading)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(object_id, path) DO NOTHING
                """)
            let touchSource = try db.cachedStatement(sql: """
                UPDATE sources SET last_run_id = ?, last_seen_at = ?, mtime = ?, unit = coalesce(?, unit)
                WHERE object_id = ? AND path = ?
                """)
            let sourceID = try db.cachedStatement(sql: "SELECT id FROM sources WHERE object_id = ? AND path = ?")
            let insertTag = try db.cachedStatement(sql: "INSERT OR IGNORE INTO source_tags (source_id, tag, position, folded) VALUES (?, ?, ?, ?)")
            let lastRemoval = try db.cachedStatement(sql: "SELECT * FROM removals WHERE digest = ? AND restored_at IS NULL ORDER BY id DESC LIMIT 1")
            var touched = Set<Int64>()
            for f in files {
                try insertObject.execute(arguments: [f.digest, f.size, f.mime, f.kind, time, runID])
                let objectAdded = db.changesCount > 0
                guard let id = try Int64.fetchOne(objectID, arguments: [f.digest]) else {
                    throw DatabaseError(message: "object \(f.digest) vanished inside its own transaction")
                }
                try insertSource.execute(arguments: [id, f.path, f.fileName, f.size, f.mtime, f.unit, f.claimedMime,
                                                     f.extMismatch, runID, time, runID, time, f.nameReading])
                let sourceAdded = db.changesCount > 0
                if !sourceAdded {
                    try touchSource.execute(arguments: [runID, time, f.mtime, f.unit, id, f.path])
                }
                if !f.tags.isEmpty, let source = try Int64.fetchOne(sourceID, arguments: [id, f.path]) {
                    for (i, tag) in f.tags.enumerated() { try insertTag.execute(arguments: [source, tag, i, VietnameseText.folded(tag)]) }
                }
                var searchRowWritten = false
                if objectAdded {
                    if let fingerprint = f.fingerprint { try Catalogue.writeFingerprint(db, objectID: id, fingerprint, at: time) }
                    if let classification = f.classification { try Catalogue.writeClassification(db, objectID: id, classification) }
                    let body = try Catalogue.writeExtraction(db, objectID: id, f.extraction, facts: f.facts)
                    if let ocr = f.ocr { try Catalogue.enqueueOCR(db, objectID: id, work: ocr.work, pages: ocr.pages, at: time) }
                    if sourceAdded {
                        // New content with its first source: everything the row needs is at hand.
                        try Catalogue.insertSearchRow(db, objectID: id, title: f.extraction?.title ?? "", fileNames: [f.fileName] + (f.nameReading.map { [$0] } ?? []),
                                                      body: body, facts: f.facts, paths: [f.path])
                        searchRowWritten = true
                    }
                }
                if (objectAdded || sourceAdded) && !searchRowWritten { touched.insert(id) }
                // Bytes someone removed are never brought back silently.
                let removal = try RemovalRecord.fetchOne(lastRemoval, arguments: [f.digest])
                outcomes.append(CatalogueOutcome(objectAdded: objectAdded, sourceAdded: sourceAdded, objectID: id,
                                                 removal: removal.flatMap { objectAdded ? $0 : ($0.collectedAt == nil ? $0 : nil) }))
            }
            for id in touched { try Catalogue.refreshSearchRow(db, objectID: id) }
            for q in quarantined {
                try q.insert(db, onConflict: .ignore)
            }
            for p in problems {
                try p.insert(db)
            }
            return outcomes
        }
    }
}

extension Catalogue {
    /// Objects to (re-)extract: those never extracted (`statuses` nil and `all` false), those in the
    /// given statuses, or every object.
    public func objectsToExtract(statuses: [String]?, all: Bool) throws -> [ObjectRecord] {
        try read { db in
            if all { return try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects ORDER BY id") }
            guard let statuses, !statuses.isEmpty else {
                return try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects WHERE extract_status IS NULL ORDER BY id")
            }
            let marks = Array(repeating: "?", count: statuses.count).joined(separator: ",")
            return try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects WHERE extract_status IN (\(marks)) ORDER BY id",
                                             arguments: StatementArguments(statuses))
        }
    }

    /// Replaces what extraction said about objects (title, date, status, text, facts) and their
    /// search rows, in one transaction.
    public func replaceExtractions(_ updates: [(objectID: Int64, extraction: Extraction)]) throws {
        try write { db in
            for u in updates {
                _ = try Catalogue.writeExtraction(db, objectID: u.objectID, u.extraction, facts: u.extraction.facts)
                try Catalogue.refreshSearchRow(db, objectID: u.objectID)
                // Read by OCR here already: nothing left for the queue.
                if u.extraction.textOrigin == .ocr, !(u.extraction.text ?? "").isEmpty {
                    try db.execute(sql: "DELETE FROM ocr_queue WHERE object_id = ?", arguments: [u.objectID])
                }
            }
        }
    }

    /// Stores what extraction found about one object, replacing what was there: title, date,
    /// status, text, facts. Returns the text as stored (NFC), "" when there is none.
    static func writeExtraction(_ db: Database, objectID id: Int64, _ x: Extraction?, facts: [Extraction.Fact]) throws -> String {
        try db.cachedStatement(sql: "DELETE FROM facts WHERE object_id = ?").execute(arguments: [id])
        let insertFact = try db.cachedStatement(sql: "INSERT OR REPLACE INTO facts (object_id, key, value) VALUES (?, ?, ?)")
        for fact in facts { try insertFact.execute(arguments: [id, fact.key, fact.value]) }
        guard let x else { return "" }
        try db.cachedStatement(sql: "UPDATE objects SET title = ?, taken_at = ?, extract_status = ?, extract_note = ? WHERE id = ?")
            .execute(arguments: [x.title, x.takenAt, x.status, x.notes.isEmpty ? nil : x.notes.joined(separator: "; "), id])
        try db.cachedStatement(sql: "DELETE FROM texts WHERE object_id = ?").execute(arguments: [id])
        guard let text = x.text, !text.isEmpty else { return "" }
        let body = VietnameseText.nfc(text)
        try db.cachedStatement(sql: "INSERT INTO texts (object_id, origin, body, truncated, pages) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [id, x.textOrigin, body, x.truncated, x.pages])
        return body
    }
}
