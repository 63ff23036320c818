import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoStore

/// A kho repository on disk: the object store and its catalogue side by side.
///
///     <root>/objects/sha256/ab/<64 hex>      the bytes (read-only)
///     <root>/catalogue.sqlite                 the catalogue (plus -wal, -shm)
///     <root>/quarantine/<64 hex>              refused files, kept for inspection
///     <root>/previews/ab/<64 hex>-256.webp    previews for people to look at (regenerable)
///     <root>/tmp/                             writers' scratch space
///     <root>/kho.toml                         settings (units, watch folder)
///     <root>/watch.lock, watch-status.json    the running watcher's lock and status
public final class Repository: Sendable {
    public let root: String
    public let store: ObjectStore
    public let catalogue: Catalogue
    public let previews: PreviewStore

    public static let defaultPath = "./Storage"
    public static var cataloguePathComponent: String { "catalogue.sqlite" }

    public enum Failure: Error, CustomStringConvertible {
        case notInitialized(String)
        /// objects/ holds the library's files but the catalogue is gone.
        case catalogueMissing(String)
        public var description: String {
            switch self {
            case .notInitialized(let p):
                return "no kho repository at \(p) — create one with `kho init --repo \(p)`, or point --repo (or KHO_REPO) at an existing one"
            case .catalogueMissing(let p):
                return "the catalogue of the repository at \(p) is missing, but its objects/ folder still holds the library's files. "
                    + "Nothing is lost yet: rebuild the catalogue from them with `kho recover --repo \(p)` "
                    + "(add --from MIRROR to bring back names, units and tags from a mirror). Do not run `kho init` here"
            }
        }
    }

    /// The repository path from an option, else KHO_REPO, else ./Storage — made absolute.
    public static func resolvePath(_ option: String?) -> String {
        let raw = option ?? ProcessInfo.processInfo.environment["KHO_REPO"] ?? defaultPath
        return FileWalker.absolute(raw)
    }

    public static func exists(at root: String) -> Bool {
        ObjectStore.isStore(at: root) && FileManager.default.fileExists(atPath: root + "/" + cataloguePathComponent)
    }

    /// A store that holds objects while its catalogue is gone: never to be taken for an empty
    /// folder (a new catalogue there would make every object look like a stray).
    public static func hasLostCatalogue(at root: String) -> Bool {
        ObjectStore.isStore(at: root) && !FileManager.default.fileExists(atPath: root + "/" + cataloguePathComponent)
            && (try? ObjectStore(root: root, writable: false))?.holdsAnyObject() == true
    }

    /// Creates a repository, or opens the one already there. Returns whether it was created.
    /// Refuses a store whose catalogue is lost (`kho recover` is the way there).
    @discardableResult
    public static func initialize(at root: String) throws -> (Repository, created: Bool) {
        if hasLostCatalogue(at: root) { throw Failure.catalogueMissing(root) }
        let existed = exists(at: root)
        try ObjectStore.create(at: root)
        let repository = try Repository(root: root, writable: true)
        try RepositoryConfig.writeSampleIfMissing(repository: repository.root)
        return (repository, !existed)
    }

    /// `onUpgrade(from, to)`: the catalogue is about to be migrated to this kho's schema.
    /// `cataloguePath`: another catalogue file than the repository's own (one being rebuilt).
    /// A store whose catalogue is lost is refused, never given a new, empty one.
    /// `catalogueReadOnly`: SQLite refuses any write to the catalogue (a `Library` opened for reading).
    public init(root: String, writable: Bool, catalogueReadOnly: Bool = false, cataloguePath: String? = nil,
                onUpgrade: ((_ from: Int, _ to: Int) -> Void)? = nil) throws {
        let root = FileWalker.absolute(root)
        guard ObjectStore.isStore(at: root) else { throw Failure.notInitialized(root) }
        if cataloguePath == nil && Self.hasLostCatalogue(at: root) { throw Failure.catalogueMissing(root) }
        self.root = root
        self.store = try ObjectStore(root: root, writable: writable)
        self.previews = PreviewStore(repositoryRoot: root)
        self.catalogue = try Catalogue(path: cataloguePath ?? root + "/" + Repository.cataloguePathComponent,
                                       readOnly: catalogueReadOnly, onUpgrade: onUpgrade)
    }

    /// Finds one object by digest prefix or by a source path. Ambiguous prefixes list candidates.
    public func resolve(_ reference: String) throws -> ObjectRecord {
        if Digest.isPrefix(reference) {
            let found = try catalogue.objects(digestPrefix: reference, limit: 6)
            if found.count == 1 { return found[0] }
            if found.count > 1 {
                throw LookupFailure.ambiguous(reference, found.map { $0.digest })
            }
        }
        let byPath = try catalogue.objects(sourcePath: FileWalker.absolute(reference))
        if let first = byPath.first { return first }
        throw LookupFailure.notFound(reference)
    }
}

public enum LookupFailure: Error, CustomStringConvertible {
    case notFound(String)
    case ambiguous(String, [String])
    public var description: String {
        switch self {
        case .notFound(let r):
            return "nothing in the catalogue matches \"\(r)\" (give a digest prefix of 4+ hex characters, or the path a file was ingested from)"
        case .ambiguous(let r, let candidates):
            return "\"\(r)\" matches several objects; type more characters:\n" + candidates.map { "  " + $0 }.joined(separator: "\n")
        }
    }
}
