import Foundation
import GRDB
import KhoVocabulary

extension Catalogue {
    /// Hides an object from search and listings and logs who removed it and why. Its bytes stay
    /// until `collectRemoved`. Returns false when it was already removed.
    public func remove(objectID: Int64, by who: String, reason: String) throws -> Bool {
        try write { db in
            let time = Timestamp.now()
            try db.execute(sql: "UPDATE objects SET removed_at = ? WHERE id = ? AND removed_at IS NULL", arguments: [time, objectID])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: """
                INSERT INTO removals (object_id, digest, size, removed_by, removed_at, reason)
                SELECT id, digest, size, ?, ?, ? FROM objects WHERE id = ?
                """, arguments: [who, time, reason, objectID])
            try db.execute(sql: "DELETE FROM search WHERE rowid = ?", arguments: [objectID])
            return true
        }
    }

    /// Undoes a removal not yet collected: the object is found again, and the log says who
    /// brought it back and when (its rows are never deleted).
    public func restore(objectID: Int64, by who: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE objects SET removed_at = NULL WHERE id = ? AND removed_at IS NOT NULL", arguments: [objectID])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: """
                UPDATE removals SET restored_by = ?, restored_at = ?
                WHERE object_id = ? AND collected_at IS NULL AND restored_at IS NULL
                """, arguments: [who, Timestamp.now(), objectID])
            try Catalogue.refreshSearchRow(db, objectID: objectID)
            return true
        }
    }

    /// Removed objects whose bytes are still stored.
    public func removedObjects() throws -> [ObjectRecord] {
        try read { db in try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects WHERE removed_at IS NOT NULL ORDER BY removed_at, id") }
    }

    /// After their bytes were deleted: the objects' rows go (sources, facts, text, fingerprints
    /// with them); the removals log stays, stamped with when.
    public func forgetCollected(objectIDs: [Int64]) throws {
        try write { db in
            let time = Timestamp.now()
            for id in objectIDs {
                try db.execute(sql: "UPDATE removals SET collected_at = ? WHERE object_id = ? AND collected_at IS NULL", arguments: [time, id])
                try db.execute(sql: "DELETE FROM objects WHERE id = ?", arguments: [id])
            }
        }
    }

    public func removals(limit: Int) throws -> [RemovalRecord] {
        try read { db in try RemovalRecord.fetchAll(db, sql: "SELECT * FROM removals ORDER BY id DESC LIMIT ?", arguments: [limit]) }
    }
}
