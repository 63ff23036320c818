import Foundation
import GRDB
import KhoVocabulary

/// A file that stopped kho while it was being read (table `suspect_files`).
public struct SuspectFile: Codable, Sendable, Equatable, FetchableRecord {
    public var path: String
    public var size: Int64
    public var mtimeNs: Int64
    public var crashed: Bool
    public var stops: Int
    public var foundAt: String

    public init(path: String, size: Int64, mtimeNs: Int64, crashed: Bool, stops: Int = 1, foundAt: String) {
        self.path = path; self.size = size; self.mtimeNs = mtimeNs; self.crashed = crashed; self.stops = stops; self.foundAt = foundAt
    }

    /// Not to be read again: kho crashed on it, or died twice while reading it.
    public var refused: Bool { crashed || stops >= 2 }

    enum CodingKeys: String, CodingKey {
        case path, size, mtimeNs = "mtime_ns", crashed, stops, foundAt = "found_at"
    }
}

extension Catalogue {
    /// Remembers files a stopped kho was reading: one row per path, size and time, counting stops.
    public func recordSuspects(_ files: [SuspectFile]) throws {
        guard !files.isEmpty else { return }
        try write { db in
            for f in files {
                try db.execute(sql: """
                    INSERT INTO suspect_files (path, size, mtime_ns, crashed, found_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (path, size, mtime_ns) DO UPDATE
                    SET stops = stops + 1, crashed = max(crashed, excluded.crashed), found_at = excluded.found_at
                    """, arguments: [f.path, f.size, f.mtimeNs, f.crashed, f.foundAt])
            }
        }
    }

    /// The suspects among these paths (any size or time: the caller compares).
    public func suspects(paths: [String]) throws -> [SuspectFile] {
        guard !paths.isEmpty else { return [] }
        return try read { db in
            var found: [SuspectFile] = []
            let statement = try db.cachedStatement(sql: "SELECT path, size, mtime_ns, crashed, stops, found_at FROM suspect_files WHERE path = ?")
            for path in Set(paths) { found += try SuspectFile.fetchAll(statement, arguments: [path]) }
            return found
        }
    }

    /// Whether any file is refused at all (so a run with none skips the look-up).
    public func hasSuspects() throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM suspect_files WHERE crashed = 1 OR stops >= 2)") ?? false
        }
    }
}
