import GRDB
import KhoVocabulary

extension Catalogue {
    /// Writes journal rows for files whose catalogue rows are committed (one transaction).
    public func insertJournal(_ records: [WatchJournalRecord]) throws -> [WatchJournalRecord] {
        try write { db in
            try records.map { record in
                var record = record
                try record.insert(db)
                return record
            }
        }
    }

    /// Marks journal rows done: their originals were kept, moved or deleted as asked. Not waited
    /// for on disk: if a power cut undoes it, the next start finds the rows "taken", sees the
    /// originals gone from the inbox and marks them done then.
    public func finishJournal(ids: [Int64], at time: String) throws {
        guard !ids.isEmpty else { return }
        try writeLazily { db in
            let statement = try db.cachedStatement(sql: "UPDATE watch_journal SET state = 'done', finished_at = ? WHERE id = ?")
            for id in ids { try statement.execute(arguments: [time, id]) }
        }
    }

    /// Rows left 'taken' by a watcher that stopped (or crashed) before handling the original.
    public func unfinishedJournal(inbox: String) throws -> [WatchJournalRecord] {
        try read { db in
            try WatchJournalRecord.fetchAll(db, sql: "SELECT * FROM watch_journal WHERE state = 'taken' AND inbox = ? ORDER BY id",
                                            arguments: [inbox])
        }
    }

    /// The newest journal row for each of these paths (compared byte for byte), in their order.
    public func latestJournal(paths: [String]) throws -> [WatchJournalRecord?] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM watch_journal WHERE path = ? ORDER BY id DESC LIMIT 1")
            return try paths.map { try WatchJournalRecord.fetchOne(statement, arguments: [$0]) }
        }
    }

    public func journalSummary(failures limit: Int = 10) throws -> WatchJournalSummary {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT result, count(*) AS n FROM watch_journal GROUP BY result") {
                counts[row["result"]] = row["n"]
            }
            let unfinished = try Int.fetchOne(db, sql: "SELECT count(*) FROM watch_journal WHERE state = 'taken'") ?? 0
            let failures = try WatchJournalRecord.fetchAll(db, sql: """
                SELECT * FROM watch_journal WHERE result IN ('failed', 'quarantined') OR reason IS NOT NULL
                ORDER BY id DESC LIMIT ?
                """, arguments: [limit])
            let last = try String.fetchOne(db, sql: "SELECT max(taken_at) FROM watch_journal")
            return WatchJournalSummary(counts: counts, unfinished: unfinished, recentFailures: failures, lastTakenAt: last)
        }
    }

    /// The folder tags of a source path, outermost first.
    public func tags(sourcePath: String) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT t.tag FROM source_tags t JOIN sources s ON s.id = t.source_id WHERE s.path = ? ORDER BY t.position
                """, arguments: [sourcePath])
        }
    }
}
