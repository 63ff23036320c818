/// A marked near-duplicate cluster as an editor reviews it (table `dedup_clusters`).
public struct ClusterToReview: Sendable, Equatable {
    /// Its members' object ids, sorted, joined by commas: the cluster's name.
    public var key: String
    public var keeperID: Int64
    public var method: Fingerprint.Method
    public var foundAt: String
    public var members: [ObjectRecord]

    public init(key: String, keeperID: Int64, method: Fingerprint.Method, foundAt: String, members: [ObjectRecord]) {
        self.key = key; self.keeperID = keeperID; self.method = method; self.foundAt = foundAt; self.members = members
    }
}

