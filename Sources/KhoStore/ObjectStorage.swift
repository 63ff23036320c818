import KhoVocabulary

/// What taking files in and reading them back need of an object store: the seam a second store
/// (an S3-compatible bucket such as Ceph RGW, see docs/scale-out.md) would implement. Audit,
/// repair and mirroring work on the local layout itself (`ObjectStore`): they stay with it.
public protocol ObjectStorage: Sendable {
    /// Reads a file once into a staging area, hashing it; `head` keeps its first bytes.
    func stage(fileAt path: String, headCount: Int, followLink: Bool) throws -> StagedObject
    /// Where the staged bytes can be read by path while the steps look at them.
    func contentPath(of staged: StagedObject) -> String
    /// Makes everything staged durable (one sync for a batch).
    func syncToDisk() throws
    /// Puts staged bytes under their digest; false when they were already there.
    func publish(_ staged: StagedObject) throws -> Bool
    /// Keeps refused bytes aside, never served; returns where.
    func quarantine(_ staged: StagedObject) throws -> String
    func discard(_ staged: StagedObject)
    /// A local path to read an object from (for a remote store: its cached copy).
    func path(for digest: Digest) -> String
    func contains(_ digest: Digest) -> Bool
    /// Copies an object out, checking its digest on the way; never overwrites.
    func export(_ digest: Digest, to destination: String) throws
    func delete(_ digest: Digest) throws
}

extension ObjectStore: ObjectStorage {}
