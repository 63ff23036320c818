import GRDB
import KhoVocabulary

/// The log of changes made by hand (table `edits`): written with each change, read on an item's page.
extension Catalogue {
    static func logEdit(_ db: Database, objectID: Int64, field: String, old: String?, new: String?, by who: String, at time: String) throws {
        try db.execute(sql: "INSERT INTO edits (object_id, field, old_value, new_value, edited_by, edited_at) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [objectID, field, old, new, who, time])
    }

    /// An item's changes by hand, newest first.
    public func edits(objectID: Int64) throws -> [EditRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT field, old_value, new_value, edited_by, edited_at FROM edits WHERE object_id = ? ORDER BY id DESC",
                             arguments: [objectID]).map {
                EditRecord(field: $0["field"], oldValue: $0["old_value"], newValue: $0["new_value"], by: $0["edited_by"], at: $0["edited_at"])
            }
        }
    }

    /// The caption set by hand, if any.
    public func caption(objectID: Int64) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM manual_values WHERE object_id = ? AND field = 'caption'", arguments: [objectID]) }
    }
}
