import KhoCatalogue
import KhoVocabulary

/// An editor's word on a near-duplicate cluster: which copy to keep, and which members are not
/// duplicates at all. Remembered: later dedup runs keep that keeper and never join those pairs.
extension LibraryWriter {
    /// `keeper`: the digest to keep (one of the cluster's); `apart`: digests that are not the same
    /// item as the others. Editors and admins only (`AccountFailure`); a cluster that changed since
    /// the page was drawn is refused (`FilterFailure`), nothing decided.
    public func reviewCluster(key: String, keeper: String?, apart: [String], by account: Account) throws {
        guard account.role >= .editor else { throw AccountFailure(description: "\(account.name) may not decide near-duplicates") }
        guard let cluster = try repository.catalogue.clusterToReview(key: key) else {
            throw FilterFailure(description: "this cluster has changed or was reviewed meanwhile; reload the page")
        }
        let ids = Dictionary(uniqueKeysWithValues: cluster.members.map { ($0.digest, $0.id!) })
        let apartIDs = try apart.map { digest -> Int64 in
            guard let id = ids[digest] else { throw FilterFailure(description: "\(digest.prefix(12)) is not in this cluster") }
            return id
        }
        var keeperID: Int64?
        if let keeper {
            guard let id = ids[keeper], !apartIDs.contains(id) else { throw FilterFailure(description: "the copy to keep must be one of the cluster's duplicates") }
            keeperID = id
        }
        try repository.catalogue.reviewCluster(key: key, keeperID: keeperID, apart: apartIDs, by: "\(account.name) (web)", at: Timestamp.now())
    }
}
