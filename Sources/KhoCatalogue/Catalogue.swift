import Foundation
import GRDB
import KhoVocabulary

/// The SQLite catalogue of a repository (WAL mode, foreign keys on), migrated to the schema in
/// `Schema/NNNN_name.sql` when opened. Safe to share between threads.
public final class Catalogue: Sendable {
    public let path: String
    /// A pool (readers beside one writer) when writable; one connection when read-only — a
    /// command that only looks opens one connection, not two (about a millisecond of every search).
    let database: any DatabaseWriter

    public enum Failure: Error, CustomStringConvertible {
        case cannotOpen(path: String, reason: String)
        case newerSchema(path: String, known: Int, found: Int)
        public var description: String {
            switch self {
            case .cannotOpen(let p, let r): return "cannot open the catalogue \(p): \(r)"
            case .newerSchema(let p, let k, let f):
                return "the catalogue \(p) was written by a newer kho (schema \(f), this kho knows \(k)) — upgrade kho"
            }
        }
    }

    /// Opens (creating when absent) and migrates the catalogue at `path`. `onUpgrade(from, to)` is
    /// told before an existing catalogue is migrated (some migrations take a while on a big library).
    /// `readOnly`: SQLite itself refuses every write through this catalogue; an older schema is
    /// first brought up to date through a short-lived writable catalogue.
    public init(path: String, readOnly: Bool = false, onUpgrade: ((_ from: Int, _ to: Int) -> Void)? = nil) throws {
        self.path = path
        var database = try Self.open(path, readOnly: readOnly)
        let found = try Self.version(database)
        if found > Schema.latestVersion {
            throw Failure.newerSchema(path: path, known: Schema.latestVersion, found: found)
        }
        if found < Schema.latestVersion {
            if readOnly {
                try database.close()
                try Catalogue(path: path, onUpgrade: onUpgrade).close()
                database = try Self.open(path, readOnly: true)
            } else {
                if found > 0 { onUpgrade?(found, Schema.latestVersion) }
                try Schema.migrator.migrate(database)
            }
        }
        self.database = database
    }

    private static func open(_ path: String, readOnly: Bool) throws -> any DatabaseWriter {
        var config = Configuration()
        config.readonly = readOnly
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)  // a watcher and an ingest may write at once
        config.prepareDatabase { db in
            // FULL: a commit is on disk when it returns — the watch folder deletes or moves originals
            // right after, and kho writes few, large transactions, so the one fsync each costs little.
            if !readOnly { try db.execute(sql: "PRAGMA synchronous = FULL") }
            db.add(tokenizer: VietnameseTokenizer.self)
            SearchRank.register(db)
            SearchMarks.register(db)
        }
        do {
            return readOnly ? try DatabaseQueue(path: path, configuration: config) : try DatabasePool(path: path, configuration: config)
        } catch {
            throw Failure.cannotOpen(path: path, reason: "\(error)")
        }
    }

    private static func version(_ database: any DatabaseReader) throws -> Int {
        try database.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
    }

    /// The schema version recorded in the file (`PRAGMA user_version`).
    public func schemaVersion() throws -> Int { try Self.version(database) }

    /// Runs read-only work in a consistent snapshot. Internal: what other layers may ask is a
    /// named method of the catalogue.
    func read<T>(_ body: (Database) throws -> T) throws -> T { try database.read(body) }
    /// Folds the write-ahead log into the database file (so its size is the catalogue's size).
    public func checkpoint() throws {
        try database.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    /// Closes the file now (a snapshot about to be renamed, a catalogue about to be replaced).
    public func close() throws { try database.close() }

    /// Runs work in one write transaction.
    func write<T>(_ body: (Database) throws -> T) throws -> T { try database.write(body) }

    /// Runs bookkeeping in one write transaction that does not wait for the disk: a power cut may
    /// undo it (never corrupt it), and the next durable commit makes it durable too. For records
    /// that can be rebuilt or are only informative, such as the watch journal's progress.
    func writeLazily<T>(_ body: (Database) throws -> T) throws -> T {
        try database.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }
}
