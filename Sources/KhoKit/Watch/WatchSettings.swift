import Foundation
import KhoVocabulary

/// How `kho watch` runs: the command line first, then `kho.toml`, then these defaults.
public struct WatchSettings: Sendable {
    public var layout: InboxLayout
    public var after: AfterAction
    /// Seconds a file's size and times must stay unchanged before it is taken.
    public var stable: Double
    /// Poll every N seconds instead of inotify; nil chooses: inotify, or polling on a network share.
    public var poll: Double?
    /// Seconds between full rescans (a safety net under inotify).
    public var rescan: Double
    /// Readers for one batch (IngestJob's default when nil).
    public var workers: Int?

    public static let defaultStable = 5.0
    public static let defaultRescan = 300.0
    public static let defaultNetworkPoll = 10.0

    public init(inbox: String, config: RepositoryConfig = RepositoryConfig(), after: AfterAction? = nil,
                stable: Double? = nil, poll: Double? = nil, rescan: Double? = nil) {
        let w = config.watch
        layout = InboxLayout(inbox: inbox, done: w.done, failed: w.failed, ignore: w.ignore ?? InboxLayout.defaultIgnore,
                             units: config.units)
        self.after = after ?? w.after ?? .move
        self.stable = stable ?? w.stable ?? Self.defaultStable
        let poll = poll ?? w.poll
        self.poll = (poll ?? 0) > 0 ? poll : nil
        self.rescan = rescan ?? w.rescan ?? Self.defaultRescan
    }
}
