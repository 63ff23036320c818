import Foundation
import KhoCatalogue
import KhoMedia
import KhoStore

/// Everything a person-facing front end may do with a kho library — `kho` and `kho serve` import
/// KhoKit for this type and the shared words alone. A `Library` is opened for reading: SQLite
/// itself refuses its catalogue any write, and it has no method that writes. `LibraryWriter`
/// (`Library.openForWriting`) adds ingest, corrections, removal and maintenance.
public class Library: @unchecked Sendable {
    let repository: Repository

    init(repository: Repository) { self.repository = repository }

    public var root: String { repository.root }

    /// The repository path from an option, else KHO_REPO, else ./Storage — made absolute.
    public static func path(_ option: String?) -> String { Repository.resolvePath(option) }

    /// Opens an existing library to look at it. `onUpgrade(from, to)` hears, before the work, that
    /// the catalogue must first be brought up to this kho's schema (once; a minute on a big library).
    public static func openForReading(at path: String, onUpgrade: ((_ from: Int, _ to: Int) -> Void)? = nil) throws -> Library {
        try checkOpenable(path)
        return Library(repository: try Repository(root: path, writable: false, catalogueReadOnly: true, onUpgrade: onUpgrade))
    }

    /// Opens an existing library to change it. `changingStore` false: the stored files are only
    /// read (an audit), and what dead writers left in tmp/ stays there for the audit to report.
    /// `onUpgrade(from, to)`: the catalogue is about to be migrated; `onStoreMove`: the stored files
    /// are about to be moved to the one-level layout (once, after upgrading from an older kho).
    public static func openForWriting(at path: String, changingStore: Bool = true,
                                      onUpgrade: ((_ from: Int, _ to: Int) -> Void)? = nil,
                                      onStoreMove: (() -> Void)? = nil) throws -> LibraryWriter {
        try checkOpenable(path)
        if changingStore, ObjectStore.needsLayoutMove(root: Repository.resolvePath(path)) { onStoreMove?() }
        return LibraryWriter(repository: try Repository(root: path, writable: changingStore, onUpgrade: onUpgrade))
    }

    /// Creates a library at `path`, or opens the one there; `created` says which.
    public static func create(at path: String) throws -> (library: LibraryWriter, created: Bool) {
        let (repository, created) = try Repository.initialize(at: path)
        return (LibraryWriter(repository: repository), created)
    }

    /// A folder holding a kho store and its catalogue (a repository, or a synced mirror).
    public static func isLibrary(at path: String) -> Bool { Repository.exists(at: path) }

    /// Only an existing library opens (never a new, empty catalogue); a lost catalogue and a
    /// missing repository are told apart: the first must never look empty.
    static func checkOpenable(_ path: String) throws {
        guard !Repository.exists(at: path) else { return }
        throw Repository.hasLostCatalogue(at: path) ? Repository.Failure.catalogueMissing(path) : Repository.Failure.notInitialized(path)
    }

    public func schemaVersion() throws -> Int { try repository.catalogue.schemaVersion() }

    /// The repository's settings (kho.toml); a file that cannot be read is an error, not defaults.
    public func settings() throws -> RepositoryConfig { try RepositoryConfig.load(repository: root) }

    /// Unit names as kho.toml maps them (a folder name means its unit); empty without a kho.toml.
    public var units: UnitNames { UnitNames((try? settings())?.units ?? [:]) }

    // MARK: - Items

    /// One item by digest prefix (4+ hex characters) or by a path it was ingested from.
    public func resolve(_ reference: String) throws -> ObjectRecord { try repository.resolve(reference) }

    /// Files refused under this digest prefix or path (kho show on something that never got in).
    public func refusals(matching reference: String) throws -> [Refusal] {
        try repository.catalogue.quarantined(digestPrefix: Digest.isPrefix(reference) ? reference : nil,
                                             path: FileWalker.absolute(reference)).map {
            Refusal(record: $0, keptAt: repository.store.quarantineDirectory + "/" + $0.digest)
        }
    }

    /// Everything kho knows of one item, for `kho show` and an item's page.
    public func item(_ object: ObjectRecord) throws -> ItemView {
        let catalogue = repository.catalogue
        let details = try catalogue.details(of: object)
        var view = ItemView(details: details, storedAt: Digest(hex: object.digest).map { repository.store.path(for: $0) } ?? "",
                        facts: typedFacts(details),
                        relatives: try catalogue.relatives(objectID: object.id!).map {
                            ItemView.Relative(object: $0.object, keeper: $0.keeper, distance: $0.distance, method: $0.method)
                        },
                        fingerprint: try catalogue.fingerprint(objectID: object.id!),
                        topics: try catalogue.topics(objectID: object.id!),
                        document: try catalogue.document(objectID: object.id!),
                        citations: try catalogue.citations(objectID: object.id!))
        view.caption = try catalogue.caption(objectID: object.id!)
        view.edits = try catalogue.edits(objectID: object.id!)
        if let digest = Digest(hex: object.digest) {
            for size in PreviewSize.allCases where repository.previews.has(digest, size: size) {
                view.previews[size] = repository.previews.path(for: digest, size: size)
            }
            if repository.previews.hasStrip(digest) { view.strip = repository.previews.stripPath(for: digest) }
        }
        return view
    }

    /// The newest items (kho ls), each with its sources.
    public func recent(limit: Int, kind: String?, unit: String?) throws -> [ObjectDetails] {
        try repository.catalogue.recent(limit: limit, kind: kind, unit: unit)
    }

    /// Facts of one item as a script should get them: numbers as numbers, dates as ISO 8601.
    public func typedFacts(_ details: ObjectDetails) -> [String: FactValue] {
        FactValue.typed(details.facts.map { (key: $0.key, value: $0.value) })
    }

    public func topics(of object: ObjectRecord) throws -> [TopicRecord] { try repository.catalogue.topics(objectID: object.id!) }

    /// What the rules make of one item now (nothing stored): `kho classify --explain`.
    public func explainClassification(of object: ObjectRecord) throws -> ClassificationRecord {
        try ClassifyJob(repository: repository).classify(objectID: object.id!)
    }

    /// Copies an item's bytes out (never overwriting), checking their digest on the way. A folder
    /// as `destination` gets the item under its latest file name. Returns the path written.
    public func export(_ object: ObjectRecord, to destination: String) throws -> String {
        var path = FileWalker.absolute(destination)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            path += "/" + (try repository.catalogue.details(of: object).sources.last?.fileName ?? object.digest)
        }
        try repository.store.export(Digest(hex: object.digest)!, to: path)
        return path
    }
}

/// A file kho refused, and where its bytes are kept aside.
public struct Refusal: Sendable {
    public var record: QuarantineRecord
    public var keptAt: String
}
