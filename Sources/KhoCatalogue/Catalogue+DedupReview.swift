import GRDB
import KhoVocabulary

/// Editors' decisions on near-duplicate clusters, remembered across dedup runs.
extension Catalogue {
    public static func clusterKey(_ ids: [Int64]) -> String { ids.sorted().map(String.init).joined(separator: ",") }

    /// Remembers the clusters a marking run found (those seen before keep their review);
    /// returns how many are new.
    @discardableResult
    public func recordClusters(_ records: [SimilarRecord], at time: String) throws -> Int {
        let byKeeper = Dictionary(grouping: records, by: \.keeperID)
        return try write { db in
            var added = 0
            for (keeper, members) in byKeeper {
                try db.execute(sql: "INSERT OR IGNORE INTO dedup_clusters (members, keeper_id, method, found_at) VALUES (?, ?, ?, ?)",
                               arguments: [Catalogue.clusterKey(members.map(\.objectID)), keeper, members[0].method, time])
                added += db.changesCount
            }
            return added
        }
    }

    /// Keepers editors confirmed, and pairs they said are not duplicates (smaller id first).
    public func dedupDecisions() throws -> (keepers: Set<Int64>, apart: Set<[Int64]>) {
        try read { db in
            (Set(try Int64.fetchAll(db, sql: "SELECT object_id FROM confirmed_keepers")),
             Set(try Row.fetchAll(db, sql: "SELECT a_id, b_id FROM not_duplicates").map { [$0[0] as Int64, $0[1] as Int64] }))
        }
    }

    /// Clusters still marked (every member in `similar` under the same keeper) and not reviewed, oldest first.
    public func clustersToReview(limit: Int) throws -> (clusters: [ClusterToReview], waiting: Int) {
        try read { db in
            let waiting = try Int.fetchOne(db, sql: "SELECT count(*) " + Catalogue.waitingClusters) ?? 0
            let rows = try Row.fetchAll(db, sql: "SELECT c.members, c.keeper_id, c.method, c.found_at " + Catalogue.waitingClusters
                                            + " ORDER BY c.found_at, c.members LIMIT ?", arguments: [limit])
            let clusters = try rows.map { try Catalogue.cluster($0, db) }
            return (clusters, waiting)
        }
    }

    /// The cluster named `key`, if it still waits for review as it was (else nil: changed or decided).
    public func clusterToReview(key: String) throws -> ClusterToReview? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT c.members, c.keeper_id, c.method, c.found_at " + Catalogue.waitingClusters + " AND c.members = ?",
                             arguments: [key]).map { try Catalogue.cluster($0, db) }
        }
    }

    /// Clusters not reviewed whose members are still marked as they were (in `similar`, under the same keeper).
    private static let waitingClusters = """
        FROM dedup_clusters c WHERE c.reviewed_at IS NULL
        AND (SELECT group_concat(object_id, ',') FROM (SELECT object_id FROM similar WHERE keeper_id = c.keeper_id ORDER BY object_id)) = c.members
        """

    private static func cluster(_ row: Row, _ db: Database) throws -> ClusterToReview {
        let key: String = row["members"]
        let members = try ObjectRecord.fetchAll(db, sql: "SELECT * FROM objects WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id",
                                                arguments: ["[" + key + "]"])
        return ClusterToReview(key: key, keeperID: row["keeper_id"], method: row["method"], foundAt: row["found_at"], members: members)
    }

    /// An editor's review: `keeperID` confirmed (when given), `apart` members not duplicates of the
    /// others (they leave the cluster now), the cluster marked reviewed.
    public func reviewCluster(key: String, keeperID: Int64?, apart: [Int64], by who: String, at time: String) throws {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM dedup_clusters WHERE members = ?", arguments: [key]) == 1 else {
                throw DatabaseError(resultCode: .SQLITE_NOTFOUND, message: "no such cluster")
            }
            let members = key.split(separator: ",").compactMap { Int64($0) }
            if let keeperID {
                try db.execute(sql: "INSERT OR REPLACE INTO confirmed_keepers (object_id, confirmed_by, confirmed_at) VALUES (?, ?, ?)",
                               arguments: [keeperID, who, time])
            }
            for x in apart {
                for y in members where y != x {
                    try db.execute(sql: "INSERT OR IGNORE INTO not_duplicates (a_id, b_id, decided_by, decided_at) VALUES (?, ?, ?, ?)",
                                   arguments: [min(x, y), max(x, y), who, time])
                }
                try db.execute(sql: "DELETE FROM similar WHERE object_id = ?", arguments: [x])
            }
            // A keeper left alone in its cluster is no cluster any more.
            let keeper = try Int64.fetchOne(db, sql: "SELECT keeper_id FROM dedup_clusters WHERE members = ?", arguments: [key])!
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM similar WHERE keeper_id = ?", arguments: [keeper]) ?? 0 < 2 {
                try db.execute(sql: "DELETE FROM similar WHERE keeper_id = ?", arguments: [keeper])
            }
            if let keeperID, keeperID != keeper {
                try db.execute(sql: "UPDATE similar SET keeper_id = ? WHERE keeper_id = ?", arguments: [keeperID, keeper])
            }
            try db.execute(sql: "UPDATE dedup_clusters SET reviewed_by = ?, reviewed_at = ? WHERE members = ?", arguments: [who, time, key])
            // What is left of it is reviewed too: the next run finds that cluster and must not ask again.
            let left = members.filter { !apart.contains($0) }
            if left.count >= 2 {
                try db.execute(sql: """
                    INSERT OR REPLACE INTO dedup_clusters (members, keeper_id, method, found_at, reviewed_by, reviewed_at)
                    SELECT ?, ?, method, found_at, ?, ? FROM dedup_clusters WHERE members = ?
                    """, arguments: [Catalogue.clusterKey(left), keeperID ?? keeper, who, time, key])
            }
        }
    }
}
