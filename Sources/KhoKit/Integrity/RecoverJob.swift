import Foundation
import KhoVocabulary
import Glibc
import KhoCatalogue
import KhoStore

/// Rebuilds a lost or damaged catalogue from the store itself, in the spirit of `git fsck
/// --lost-found` and restic's `rebuild-index`: every object whose bytes match its name becomes an
/// item again — kind, facts, text, fingerprints and classification derived anew from its bytes,
/// its name and folder unknown ("recovered on DATE"). With a mirror, its catalogue snapshot is the
/// starting point, so what it still knows (names, units, tags, removals, audit history) comes back
/// and only the objects stored after it are recovered bare.
///
/// The new catalogue is built beside the old place (`catalogue.sqlite.recovering`) and put in
/// place only when complete: an interrupted run leaves the repository as it was, and running the
/// same command again carries on where it stopped.
public struct RecoverJob {
    public struct Report: Sendable, Codable {
        /// Object files found under objects/.
        public var objectsFound = 0
        /// Items made again from bare objects.
        public var recovered = 0
        /// Items the mirror's snapshot (or an interrupted earlier run) already knew.
        public var alreadyKnown = 0
        /// Objects the snapshot knew but this store had lost, copied back from the mirror.
        public var restoredFromMirror = 0
        /// Files under objects/ that were set aside: damaged (bytes not matching their name) or not objects.
        public var setAside: [AuditFinding] = []
        public var mirror: String?
        public var seconds = 0.0

        enum CodingKeys: String, CodingKey {
            case objectsFound = "objects_found", recovered, alreadyKnown = "already_known", restoredFromMirror = "restored_from_mirror"
            case setAside = "set_aside", mirror, seconds
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let root: String
    let mirror: String?

    public init(root: String, mirror: String? = nil) {
        self.root = FileWalker.absolute(root)
        self.mirror = mirror.map(FileWalker.absolute)
    }

    var cataloguePath: String { root + "/" + Repository.cataloguePathComponent }
    var buildingPath: String { cataloguePath + ".recovering" }

    public func run(onProgress: (IngestProgress) -> Void = { _ in }) throws -> Report {
        let started = ContinuousClock.now
        guard ObjectStore.isStore(at: root) else { throw Repository.Failure.notInitialized(root) }
        if let mirror, !FileManager.default.fileExists(atPath: mirror + "/" + Repository.cataloguePathComponent) {
            throw Failure(description: "\(mirror) holds no catalogue snapshot (is it a kho mirror, and mounted?); give a mirror made by `kho mirror sync`, or leave --from out")
        }
        var report = Report()
        report.mirror = mirror

        if FileManager.default.fileExists(atPath: cataloguePath) {
            guard let trouble = RepairJob.catalogueTrouble(root: root) else {
                if mirror != nil {
                    throw Failure(description: "the catalogue \(cataloguePath) is sound: recover rebuilds a lost or damaged one. "
                                  + "To mend objects from a mirror: kho repair --from \(mirror!)")
                }
                // A sound catalogue: adopt what it does not know, nothing else changes.
                let repository = try Repository(root: root, writable: true)
                try Self.adoptUnknownObjects(repository, command: "recover", into: &report, onProgress: onProgress)
                report.seconds = started.secondsSince
                return report
            }
            try CatalogueFile.moveAside(cataloguePath, because: trouble)
        }
        try prepareBuild()
        let repository = try Repository(root: root, writable: true, cataloguePath: buildingPath)
        if let mirror { report.restoredFromMirror = try restoreMissing(repository, from: mirror) }
        try Self.adoptUnknownObjects(repository, command: "recover", into: &report, onProgress: onProgress)
        try repository.catalogue.checkpoint()
        try repository.catalogue.close()
        try CatalogueFile.putInPlace(buildingPath, as: cataloguePath)
        unlink(buildingPath + ".from")
        report.seconds = started.secondsSince
        return report
    }

    /// Starts the catalogue being built, or keeps the one an interrupted run left (when it was
    /// begun from the same mirror, or from none like this one).
    private func prepareBuild() throws {
        let marker = buildingPath + ".from"
        let origin = mirror ?? "-"
        if FileManager.default.fileExists(atPath: buildingPath),
           (try? String(contentsOfFile: marker, encoding: .utf8)) == origin { return }
        for suffix in ["", "-wal", "-shm"] { unlink(buildingPath + suffix) }
        if let mirror {
            try Catalogue.copy(from: mirror + "/" + Repository.cataloguePathComponent, to: buildingPath)
            // The snapshot's verification dates and damage marks describe the mirror's copies.
            let snapshot = try Catalogue(path: buildingPath)
            try snapshot.forgetVerification()
            try snapshot.close()
        }
        try origin.write(toFile: marker, atomically: true, encoding: .utf8)
    }

    /// Objects the snapshot knows that this store lost: copied back from the mirror, digest checked.
    private func restoreMissing(_ repository: Repository, from mirror: String) throws -> Int {
        guard let mirrorStore = try? ObjectStore(root: mirror, writable: false) else { return 0 }
        var restored = 0
        try repository.catalogue.forEachObjectPage { page in
            for object in page {
                guard let digest = Digest(hex: object.digest), !repository.store.contains(digest) else { continue }
                if (try? repository.store.restore(digest, from: mirrorStore.path(for: digest))) == true { restored += 1 }
            }
        }
        return restored
    }

    /// Catalogues every object the catalogue does not know, its facts derived again from its bytes;
    /// sets aside files under objects/ that are not objects, and objects whose bytes do not match
    /// their name. `kho repair` adopts the same way.
    static func adoptUnknownObjects(_ repository: Repository, command: String, into report: inout Report,
                                    onProgress: (IngestProgress) -> Void = { _ in }) throws {
        var files: [IngestFile] = []
        var notObjects: [ObjectFile] = []
        var failure: Error?
        repository.store.walkObjectFiles { file in
            report.objectsFound += 1
            guard file.isRegular, let digest = file.digest else { notObjects.append(file); return }
            do {
                if try repository.catalogue.knowsObject(digest: digest.hex) {
                    report.alreadyKnown += 1
                } else {
                    var candidate = IngestFile(path: file.path, fileName: RecoveredName.fileName(for: digest), size: file.size)
                    candidate.expectedDigest = digest
                    files.append(candidate)
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        for file in notObjects {
            let aside = try repository.store.setAside(path: file.path, as: (file.path as NSString).lastPathComponent, under: "strays")
            report.setAside.append(AuditFinding(kind: .stray, path: file.path, detail: "not an object (an unexpected name or kind of file); moved to \(aside)"))
        }
        guard !files.isEmpty else { return }
        var options = IngestJob.Options()
        options.command = command
        options.extractStored = true
        let job = IngestJob(repository: repository, options: options)
        var run = try job.beginRun(roots: [repository.store.objectsDirectory])
        var damaged: [IngestItem] = []
        let summary = try job.ingest(files, runID: run.id!, onItem: { item in
            if item.status == .failed { damaged.append(item) }
        }, onProgress: onProgress)
        try job.finishRun(&run, summary: summary, finished: true)
        // Scans and pictures of text get their OCR text back before the catalogue is handed over.
        if summary.ocrQueued > 0 { _ = try OCRJob(repository: repository).run() }
        report.recovered += summary.added + summary.duplicates
        for item in damaged {
            let name = (item.path as NSString).lastPathComponent
            guard let digest = Digest(hex: name), item.reason?.hasPrefix("damaged") == true else {
                report.setAside.append(AuditFinding(kind: .unreadable, path: item.path, detail: item.reason ?? "could not be read"))
                continue
            }
            let aside = (try? repository.store.setAside(digest)) ?? "(could not be moved)"
            report.setAside.append(AuditFinding(kind: .corrupt, digest: digest.hex, path: item.path, detail: "\(item.reason!); moved to \(aside)"))
        }
    }
}

/// The name a recovered item goes by: its real name and folder are unknown.
public enum RecoveredName {
    static let prefix = "recovered-"
    public static func fileName(for digest: Digest) -> String { prefix + String(digest.hex.prefix(12)) }
    public static func isRecovered(_ fileName: String) -> Bool { fileName.hasPrefix(prefix) }
}

/// Moving catalogue files about without losing one.
enum CatalogueFile {
    /// Keeps a damaged catalogue (and its -wal/-shm) beside its place as `.damaged-<time>`.
    static func moveAside(_ path: String, because trouble: String) throws {
        let stamp = Timestamp.now().replacingOccurrences(of: ":", with: "-")
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard rename(path + suffix, path + ".damaged-" + stamp + suffix) == 0 else {
                throw RecoverJob.Failure(description: "\(trouble); cannot move it aside: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Renames a finished catalogue into place (never over one) and makes the name durable.
    static func putInPlace(_ built: String, as path: String) throws {
        guard !FileManager.default.fileExists(atPath: path), rename(built, path) == 0 else {
            throw RecoverJob.Failure(description: "cannot put the rebuilt catalogue in place at \(path): \(String(cString: strerror(errno)))")
        }
        let folder = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 { fsync(folder); close(folder) }
    }
}
