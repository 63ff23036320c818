import Foundation
import GRDB
import KhoVocabulary

/// The OCR queue (`ocr_queue`): items stored and findable whose text Tesseract has still to read.
/// Rows go in with their object, in ingest's transaction, and leave with the text they waited for,
/// in one transaction — so a crash or a kill at any point leaves either the row or the text.
extension Catalogue {
    static func enqueueOCR(_ db: Database, objectID: Int64, work: OCRWork, pages: Int, at time: String) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO ocr_queue (object_id, work, pages, queued_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [objectID, work, max(1, pages), time])
    }

    /// Adds `note` to what extraction said of an object ("; " between notes).
    static func appendExtractionNote(_ db: Database, objectID id: Int64, _ note: String) throws {
        try db.execute(sql: """
            UPDATE objects SET extract_note = CASE WHEN coalesce(extract_note, '') = '' THEN ? ELSE extract_note || '; ' || ? END
            WHERE id = ?
            """, arguments: [note, note, id])
    }

    /// The oldest `limit` items waiting (removed items are skipped: nobody will look for them).
    public func ocrQueue(limit: Int) throws -> [(entry: OCRQueueEntry, object: ObjectRecord)] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT q.object_id, q.work, q.pages, q.queued_at, q.attempts, q.last_error, o.*
                FROM ocr_queue q JOIN objects o ON o.id = q.object_id
                WHERE o.removed_at IS NULL ORDER BY q.queued_at, q.object_id LIMIT ?
                """, arguments: [limit])
            return try rows.map { row in
                (OCRQueueEntry(objectId: row[0], work: row[1], pages: row[2], queuedAt: row[3], attempts: row[4], lastError: row[5]),
                 try ObjectRecord(row: row))
            }
        }
    }

    /// How much waits: items, pages, since when.
    public func ocrQueueSummary() throws -> OCRQueueSummary {
        try read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*), coalesce(sum(q.pages), 0), min(q.queued_at)
                FROM ocr_queue q JOIN objects o ON o.id = q.object_id WHERE o.removed_at IS NULL
                """)!
            return OCRQueueSummary(items: row[0], pages: row[1], oldest: row[2])
        }
    }

    /// What OCR read of a queued item, stored with its new classification, and the item off the
    /// queue — one transaction. `status`: the extraction's new status (a scan's pages: ok,
    /// partial, failed), nil to keep it (a picture's EXIF read stays what it was). `note` replaces
    /// the extraction note of a scan (it said "queued for OCR"), or is added to a picture's.
    public func storeOCR(objectID id: Int64, text: String?, truncated: Bool, pages: Int?, status: Extraction.Status?, note: String,
                         classification: ClassificationRecord?) throws {
        try write { db in
            if let body = text.map(VietnameseText.nfc), !body.isEmpty {
                try db.execute(sql: "DELETE FROM texts WHERE object_id = ?", arguments: [id])
                try db.execute(sql: "INSERT INTO texts (object_id, origin, body, truncated, pages) VALUES (?, ?, ?, ?, ?)",
                               arguments: [id, TextOrigin.ocr, body, truncated, pages])
            }
            if let status {
                try db.execute(sql: "UPDATE objects SET extract_status = ?, extract_note = ? WHERE id = ?", arguments: [status, note, id])
            } else {
                try Catalogue.appendExtractionNote(db, objectID: id, note)
            }
            if let classification { try Catalogue.writeClassification(db, objectID: id, classification) }
            try Catalogue.refreshSearchRow(db, objectID: id)
            try db.execute(sql: "DELETE FROM ocr_queue WHERE object_id = ?", arguments: [id])
        }
    }

    /// A try that failed (Tesseract stopped, crashed, or the bytes are gone): counted, and after
    /// `giveUpAfter` tries the item leaves the queue with the reason in its extraction note
    /// (`kho extract --status needs-ocr` tries again). Returns true when it was given up.
    public func ocrFailed(objectID id: Int64, reason: String, giveUpAfter: Int = 3) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE ocr_queue SET attempts = attempts + 1, last_error = ? WHERE object_id = ?", arguments: [reason, id])
            let attempts = try Int.fetchOne(db, sql: "SELECT attempts FROM ocr_queue WHERE object_id = ?", arguments: [id]) ?? giveUpAfter
            guard attempts >= giveUpAfter else { return false }
            let note = "OCR failed \(attempts) times: \(reason)"
            try Catalogue.appendExtractionNote(db, objectID: id, note)
            try db.execute(sql: "DELETE FROM ocr_queue WHERE object_id = ?", arguments: [id])
            return true
        }
    }
}
