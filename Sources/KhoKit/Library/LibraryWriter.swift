import Foundation
import KhoCatalogue
import KhoMedia

/// A library opened to be changed (`Library.openForWriting`, `Library.create`): what a front end
/// may add, correct, remove and maintain. Every change goes through a job that logs who did it.
public final class LibraryWriter: Library, @unchecked Sendable {
    // MARK: - Taking files in

    /// Ingests files and folders as one run. `unit` may be a folder name kho.toml maps to a unit.
    public func ingest(_ paths: [String], options: IngestJob.Options, onItem: (IngestItem) -> Void = { _ in },
                       onProgress: (IngestProgress) -> Void = { _ in }) throws -> IngestSummary {
        try IngestJob(repository: repository, options: options).run(roots: paths, onItem: onItem, onProgress: onProgress)
    }

    /// Reads the text waiting in the OCR queue (at most `limit` items; all when nil): what
    /// `kho ingest` does before it exits, `kho ocr` on demand. Stopped, the rest stays queued.
    public func readQueuedText(limit: Int? = nil, shouldStop: () -> Bool = { false },
                               onProgress: (OCRJob.Progress) -> Void = { _ in }) throws -> OCRJob.Summary {
        try OCRJob(repository: repository).run(limit: limit, shouldStop: shouldStop, onProgress: onProgress)
    }

    /// A watcher of `settings.inbox` for this library; `run(stop:)` it.
    public func watcher(_ settings: WatchSettings, log: @escaping (WatchMessage) -> Void) -> WatchJob {
        WatchJob(repository: repository, settings: settings, log: log)
    }

    // MARK: - Corrections by hand

    /// Adds and removes topics of one item by hand; a name typed without diacritics is the topic
    /// the library already has. Returns the names added that no rule or item had before.
    @discardableResult
    public func tag(_ object: ObjectRecord, add: [String], remove: [String], by person: String = Identity.person) throws -> (added: [String], new: [String]) {
        var added: [String] = [], removed: [String] = [], new: [String] = []
        for typed in add {
            let (name, isNew) = try TopicNames.canonical(typed, repository: repository)
            added.append(name)
            if isNew { new.append(name) }
        }
        for typed in remove { removed.append(try TopicNames.canonical(typed, repository: repository).name) }
        try repository.catalogue.tag(objectID: object.id!, add: added, remove: removed, by: person)
        return (added, new)
    }

    /// A title, unit or type set by hand (it wins over extraction and the rules). Every value is
    /// checked before any is written: a typo changes nothing. Throws `FilterFailure`.
    public func set(_ object: ObjectRecord, _ assignments: [(field: ManualField, value: String)], by person: String) throws {
        let units = self.units
        var checked: [(field: ManualField, value: String)] = []
        for (field, typed) in assignments {
            var value = typed.precomposedStringWithCanonicalMapping
            switch field {
            case .type:
                switch ContentTypes.check(value) {
                case .success(let type): value = type
                case .failure(let failure): throw FilterFailure(description: "type=\(typed): " + failure.description)
                }
            case .unit:
                switch units.resolve(value) {
                case .unit(let name): value = name
                case .unknown(let reason): throw FilterFailure(description: "unit=" + reason)
                }
            case .title, .caption: break
            }
            checked.append((field, value))
        }
        for (field, value) in checked {
            try repository.catalogue.setManual(objectID: object.id!, field: field, value: value, by: person)
        }
    }

    /// Classifies every item again (`all`) or those never classified; counts by content type.
    public func classify(all: Bool) throws -> [String: Int] { try ClassifyJob(repository: repository).run(all: all) }

    // MARK: - Removal

    /// Hides an item (its bytes stay until `collectGarbage`); false when it was already removed.
    public func remove(_ object: ObjectRecord, by person: String, reason: String) throws -> Bool {
        try repository.catalogue.remove(objectID: object.id!, by: person, reason: reason)
    }

    /// Brings a removed item back; false when it was not removed.
    public func restore(_ object: ObjectRecord, by person: String) throws -> Bool {
        try repository.catalogue.restore(objectID: object.id!, by: person)
    }

    /// Deletes the bytes of removed items (the removals log stays).
    public func collectGarbage(dryRun: Bool) throws -> GarbageCollection.Report {
        try GarbageCollection(repository: repository).run(dryRun: dryRun)
    }

    // MARK: - Maintenance

    public func audit(_ options: AuditJob.Options, onProgress: (AuditProgress) -> Void = { _ in }) throws -> AuditReport {
        try AuditJob(repository: repository, options: options).run(onProgress: onProgress)
    }

    /// Reports duplicates and records the clusters (search shows each once; show lists relatives).
    public func markDuplicates(kinds: [MediaKind], preset: String) throws -> DedupJob.Report {
        try DedupJob(repository: repository).run(kinds: kinds, preset: try Self.similarityPreset(preset), mark: true)
    }

    public func addMirror(at path: String) throws -> MirrorRecord { try MirrorJob(repository: repository).add(path: path) }

    public func sync(_ mirror: MirrorRecord, onProgress: (Int, Int) -> Void = { _, _ in }) throws -> MirrorJob.SyncReport {
        try MirrorJob(repository: repository).sync(mirror, onProgress: onProgress)
    }

    /// Extracts facts and text again: items whose extraction had one of `statuses`, or `all`.
    public func extract(statuses: [String]?, all: Bool, onProgress: (Int, Int) -> Void = { _, _ in }) throws -> ExtractJob.Summary {
        try ExtractJob(repository: repository).run(statuses: statuses, all: all, onProgress: onProgress)
    }

    /// Fingerprints the items that have none yet.
    /// Makes the previews pictures lack (or, with `all`, every picture's again).
    /// `since`: only what was catalogued after that mark (`itemMark()` before an ingest: its new items).
    public func makePreviews(all: Bool, since mark: ItemMark? = nil, shouldStop: () -> Bool = { false },
                             onProgress: (PreviewJob.Summary) -> Void = { _ in }) throws -> PreviewJob.Summary {
        try PreviewJob(repository: repository).run(all: all, after: mark?.lastID ?? 0, shouldStop: shouldStop, onProgress: onProgress)
    }

    /// Where the catalogue stands now: what is catalogued after it is new.
    public func itemMark() throws -> ItemMark { ItemMark(lastID: try repository.catalogue.lastObjectID()) }

    public func fingerprintMissing(onProgress: (Int, Int) -> Void = { _, _ in }) throws -> FingerprintJob.Summary {
        try FingerprintJob(repository: repository).run(onProgress: onProgress)
    }

    /// Rebuilds the search index from the catalogue; returns how many items it holds.
    public func reindex() throws -> Int {
        let count = try repository.catalogue.rebuildSearchIndex()
        try repository.catalogue.optimizeSearchIndex()
        return count
    }
}

// Jobs that work on a repository that may not open as one (a damaged or lost catalogue).
extension Library {
    public static func repair(at path: String, mirrors: [String], force: Bool, onNote: (String) -> Void = { _ in }) throws -> RepairJob.Report {
        try RepairJob(root: path, mirrors: mirrors, force: force).run(onNote: onNote)
    }

    public static func recover(at path: String, from mirror: String?, onProgress: (IngestProgress) -> Void = { _ in }) throws -> RecoverJob.Report {
        try RecoverJob(root: path, mirror: mirror).run(onProgress: onProgress)
    }
}
