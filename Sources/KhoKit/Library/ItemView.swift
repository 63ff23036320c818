/// Everything kho knows of one item: what `kho show` prints and an item's page shows.
public struct ItemView: Sendable {
    public var details: ObjectDetails
    /// Where its bytes are (read-only).
    public var storedAt: String
    /// Its facts, typed: numbers as numbers, dates as ISO 8601.
    public var facts: [String: FactValue]
    /// Members of its marked near-duplicate cluster (kho dedup --mark).
    public var relatives: [Relative]
    public var fingerprint: Fingerprint?
    /// Topics and event days, including those removed by hand (score below 0).
    public var topics: [TopicRecord]
    public var document: AdminDocument?
    public var citations: [String]
    /// Its previews that exist, by size (pictures, once `kho previews` or the watcher made them).
    public var previews: [PreviewSize: String] = [:]
    /// A video's strip of frames (`MediaPreviews.stripFrames` of them), once made.
    public var strip: String?
    /// A caption set by hand, and every change made by hand, newest first.
    public var caption: String?
    public var edits: [EditRecord] = []

    public var object: ObjectRecord { details.object }

    public struct Relative: Sendable {
        public var object: ObjectRecord
        public var keeper: Bool
        /// pHash bits for images; 1 − similarity for the others.
        public var distance: Double
        public var method: Fingerprint.Method
    }
}

/// A point in the catalogue's history (`LibraryWriter.itemMark`): items catalogued later are new.
public struct ItemMark: Sendable, Equatable {
    let lastID: Int64
}
