import Foundation
import KhoVocabulary
import Glibc
import KhoCatalogue
import KhoStore

/// Second copies of a repository, on another disk or a NAS: laid out like a repository (so
/// `kho --repo MIRROR search …` works on it, and `kho audit --mirror` checks it), filled by
/// `sync`, never pruned.
///
/// A sync first takes a consistent snapshot of the catalogue (SQLite's online backup) into a
/// temporary file, then copies every object that snapshot lists and the mirror lacks (staged,
/// hashed as it lands, synced, linked, synced — the store's own write protocol), and only then
/// puts the snapshot in place. So a mirror's catalogue never names an object the mirror lacks,
/// and an interrupted sync leaves the previous snapshot intact.
public struct MirrorJob {
    let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    public static let markerName = "kho-mirror.txt"

    public struct SyncReport: Sendable, Codable, Equatable {
        public var path: String
        public var objects: Int
        public var copied: Int
        public var bytesCopied: Int64
        /// Objects whose bytes in this repository are damaged: not copied (run `kho audit`).
        public var damaged: [String]
        public var seconds: Double

        enum CodingKeys: String, CodingKey {
            case path, objects, copied, bytesCopied = "bytes_copied", damaged, seconds
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Makes `path` a mirror of this repository (creating its layout) and records it.
    public func add(path raw: String) throws -> MirrorRecord {
        let path = FileWalker.absolute(raw)
        if path == repository.root || path.hasPrefix(repository.root + "/") {
            throw Failure(description: "a mirror inside the repository protects nothing; give a folder on another disk or a NAS")
        }
        if FileInfo.of(path)?.kind == .directory, !ObjectStore.isStore(at: path),
           let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty {
            throw Failure(description: "\(path) is a folder with other things in it; give an empty folder (or a new one) for the mirror")
        }
        do { try ObjectStore.create(at: path) } catch {
            throw Failure(description: "cannot make a mirror at \(path): \(error)")
        }
        let marker = """
            This folder is a mirror of the kho repository at \(repository.root),
            kept by `kho mirror sync`. Look into it read-only: kho search --repo \(path) …
            Repair the repository from it: kho repair --from \(path)

            """
        try? Data(marker.utf8).write(to: URL(fileURLWithPath: path + "/" + Self.markerName), options: .atomic)
        return try repository.catalogue.addMirror(path: path, at: Timestamp.now())
    }

    /// Brings one mirror up to date. `onProgress(done, total)` after each batch.
    public func sync(_ mirror: MirrorRecord, onProgress: (Int, Int) -> Void = { _, _ in }) throws -> SyncReport {
        let started = ContinuousClock.now
        let path = mirror.path
        guard ObjectStore.isStore(at: path) else {
            throw Failure(description: "the mirror \(path) is not reachable or not a kho mirror (is the disk mounted?); nothing was copied")
        }
        let target = try ObjectStore(root: path, writable: true)
        let finalSnapshot = path + "/" + Repository.cataloguePathComponent
        let partial = finalSnapshot + ".partial"
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(partial + suffix) }
        try repository.catalogue.backup(to: partial)
        let snapshot = try Catalogue(path: partial)

        var report = SyncReport(path: path, objects: 0, copied: 0, bytesCopied: 0, damaged: [], seconds: 0)
        let total = try snapshot.objectCount()
        var copied: [String] = []
        let store = repository.store
        try snapshot.forEachObjectPage(size: 256) { page in
            var staged: [StagedObject] = []
            for object in page {
                report.objects += 1
                guard let digest = Digest(hex: object.digest), !target.contains(digest) else { continue }
                do {
                    var copy = try target.stage(fileAt: store.path(for: digest), headCount: 0)
                    copy.head = []
                    // Hashed as it landed: a copy that is not these bytes is never published.
                    if copy.digest != digest {
                        target.discard(copy)
                        report.damaged.append(object.digest)
                        continue
                    }
                    staged.append(copy)
                } catch StoreError.notFound {
                    report.damaged.append(object.digest)
                }
            }
            if !staged.isEmpty {
                try target.syncToDisk()
                for copy in staged {
                    guard try target.publish(copy) else { continue }
                    report.copied += 1
                    report.bytesCopied += copy.size
                    copied.append(copy.digest.hex)
                }
                try target.syncToDisk()
            }
            onProgress(report.objects, total)
        }
        // The snapshot speaks for the mirror's copies, not the repository's: keep the mirror's own
        // verification dates, damage marks and audit history across syncs.
        try snapshot.adoptMirrorAuditState(previous: ObjectStore.isStore(at: path) ? finalSnapshot : nil, verified: copied, at: Timestamp.now())
        try snapshot.checkpoint()
        try snapshot.close()
        // The snapshot goes in place only now that every object it names is in the mirror.
        for suffix in ["-wal", "-shm"] { unlink(finalSnapshot + suffix) }
        try FileMover.syncFile(partial)
        guard rename(partial, finalSnapshot) == 0 else {
            throw Failure(description: "cannot put the catalogue snapshot in place at \(finalSnapshot): \(String(cString: strerror(errno)))")
        }
        FileMover.syncDirectory(path)
        let config = repository.root + "/" + RepositoryConfig.fileName
        if let data = FileManager.default.contents(atPath: config) {
            try? data.write(to: URL(fileURLWithPath: path + "/" + RepositoryConfig.fileName), options: .atomic)
        }

        var record = mirror
        record.lastSyncAt = Timestamp.now()
        record.lastSyncObjects = report.copied
        record.lastSyncBytes = report.bytesCopied
        record.objects = report.objects - report.damaged.count
        try repository.catalogue.updateMirror(record)
        report.seconds = started.secondsSince
        return report
    }
}
