import Foundation
import Glibc
import KhoCatalogue
import KhoStore

/// Mends what an audit found, from a second copy: corrupt and missing objects from a mirror or
/// from any recorded source path that still holds the same bytes (verified before anything is
/// replaced), object modes, strays (moved to `quarantine/strays/`, never deleted), leftovers in
/// `tmp/`, the search index (rebuilt from the catalogue), and a lost or damaged catalogue (from a
/// mirror's snapshot, then the objects stored since adopted). What it cannot mend it says.
public struct RepairJob {
    public struct Report: Sendable, Codable {
        public var mended: [AuditFinding] = []
        public var unmended: [AuditFinding] = []
        /// The mirror whose snapshot replaced a lost or damaged catalogue.
        public var catalogueRestoredFrom: String?
        /// Objects stored after that snapshot, catalogued again (without their names).
        public var adopted = 0
        public var seconds = 0.0

        enum CodingKeys: String, CodingKey {
            case mended, unmended, catalogueRestoredFrom = "catalogue_restored_from", adopted, seconds
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    let root: String
    let extraMirrors: [String]

    /// `mirrors`: mirrors to use besides those the catalogue lists (`--from`).
    public init(root: String, mirrors: [String] = []) {
        self.root = FileWalker.absolute(root)
        self.extraMirrors = mirrors.map(FileWalker.absolute)
    }

    /// Why the catalogue cannot be used as it is (missing, unreadable, failing its integrity
    /// check), or nil when it is sound.
    public static func catalogueTrouble(root: String) -> String? {
        let path = root + "/" + Repository.cataloguePathComponent
        guard FileManager.default.fileExists(atPath: path) else { return "the catalogue \(path) is missing" }
        do {
            let catalogue = try Catalogue(path: path)
            let problems = try catalogue.integrityProblems()
            try catalogue.close()
            return problems.isEmpty ? nil : "the catalogue \(path) is damaged: " + problems.prefix(3).joined(separator: "; ")
        } catch {
            return "the catalogue \(path) cannot be opened: \(error)"
        }
    }

    public func run(onNote: (String) -> Void = { _ in }) throws -> Report {
        let started = ContinuousClock.now
        var report = Report()
        guard ObjectStore.isStore(at: root) else { throw Repository.Failure.notInitialized(root) }

        // 0. A catalogue that cannot be trusted comes back from a mirror's snapshot first.
        if let trouble = Self.catalogueTrouble(root: root) {
            guard let mirror = extraMirrors.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + Repository.cataloguePathComponent) }) else {
                throw Failure(description: "\(trouble). Give a mirror to rebuild it from: kho repair --from /path/to/mirror")
            }
            try restoreCatalogue(from: mirror)
            report.catalogueRestoredFrom = mirror
            report.mended.append(AuditFinding(kind: .catalogue, path: root + "/" + Repository.cataloguePathComponent,
                                              detail: "\(trouble); replaced by the snapshot of the mirror \(mirror)"
                                                + (trouble.hasSuffix("is missing") ? "" : " (the damaged file is kept beside it, named catalogue.sqlite.damaged-…)")))
            onNote("catalogue restored from \(mirror)")
        }

        // 1. Opening the store for writing removes what dead writers left in tmp/.
        let leftovers = ObjectStore.staleTemporaryEntries(root: root)
        let repository = try Repository(root: root, writable: true)
        for path in leftovers where !path.hasSuffix(".lock") {
            report.mended.append(AuditFinding(kind: .tmpLeftover, path: path, detail: "removed (an interrupted write's partial copy)"))
        }
        let catalogue = repository.catalogue
        let store = repository.store
        var run = try catalogue.beginAuditRun(AuditRunRecord(kind: "repair", target: root, full: true, budget: nil,
                                                             startedAt: Timestamp.now()))
        if report.catalogueRestoredFrom != nil {
            // The snapshot's verification dates and damage marks describe the mirror's copies, not
            // these: the next audit proves each object here afresh.
            try catalogue.write { db in try db.execute(sql: "UPDATE objects SET last_verified_at = NULL, damage = NULL, damaged_at = NULL") }
            report.adopted = try adoptUnknownObjects(repository)
            if report.adopted > 0 { onNote("catalogued again \(report.adopted) object(s) stored after the snapshot") }
        }

        // Mirrors reachable now, opened once, read-only (an unmounted disk is simply not used).
        let mirrors = Array(Set(extraMirrors + (try catalogue.mirrors().map(\.path)))).sorted()
            .compactMap { try? ObjectStore(root: $0, writable: false) }

        // 2. Objects: damaged (flagged, or found now), and modes.
        try catalogue.forEachObjectPage { page in
            for object in page {
                guard let digest = Digest(hex: object.digest) else { continue }
                let status = store.fileStatus(digest)
                var damage = object.damage
                if damage == nil {
                    if status == nil { damage = "missing" } else if status!.size != object.size { damage = "corrupt" }
                }
                guard let damage else {
                    if let status, status.mode != ObjectStore.objectMode {
                        do {
                            try store.fixMode(digest)
                            report.mended.append(AuditFinding(kind: .permissions, digest: object.digest, path: store.path(for: digest),
                                                              detail: "made read-only again (0444)"))
                        } catch {
                            report.unmended.append(AuditFinding(kind: .permissions, digest: object.digest, path: store.path(for: digest),
                                                                detail: "\(error)"))
                        }
                    }
                    continue
                }
                if let finding = mend(object, digest: digest, damage: damage, present: status != nil, mirrors: mirrors, repository: repository) {
                    if finding.mended { report.mended.append(finding.finding) } else { report.unmended.append(finding.finding) }
                }
            }
        }

        // 3. Strays under objects/: set aside, never deleted.
        var strays: [ObjectFile] = []
        store.walkObjectFiles { file in
            if !file.isRegular || file.digest == nil || (try? catalogue.knowsObject(digest: file.digest!.hex)) == false { strays.append(file) }
        }
        for file in strays {
            let name = (file.path as NSString).lastPathComponent
            do {
                let aside = try store.setAside(path: file.path, as: name, under: "strays")
                report.mended.append(AuditFinding(kind: .stray, digest: file.digest?.hex, path: file.path, detail: "moved to \(aside)"))
            } catch {
                report.unmended.append(AuditFinding(kind: .stray, digest: file.digest?.hex, path: file.path, detail: "\(error)"))
            }
        }

        // 4. The search index, rebuilt from the catalogue when it fails its checks.
        let searchProblems = try catalogue.searchIndexProblems()
        if !searchProblems.isEmpty {
            let rows = try catalogue.rebuildSearchIndex()
            let after = try catalogue.searchIndexProblems()
            let finding = AuditFinding(kind: .searchIndex, path: catalogue.path,
                                       detail: searchProblems.joined(separator: "; ") + (after.isEmpty ? "; rebuilt (\(rows) items)" : "; still: " + after.joined(separator: "; ")))
            if after.isEmpty { report.mended.append(finding) } else { report.unmended.append(finding) }
        }

        // 5. What only a catalogue snapshot could mend.
        for p in try catalogue.integrityProblems() {
            report.unmended.append(AuditFinding(kind: .catalogue, path: catalogue.path, detail: p + " — rebuild it from a mirror: kho repair --from MIRROR"))
        }
        for p in try catalogue.foreignKeyProblems() {
            report.unmended.append(AuditFinding(kind: .foreignKey, path: catalogue.path, detail: p))
        }

        run.mended = report.mended.count
        run.problems = report.mended.count + report.unmended.count
        run.status = report.unmended.isEmpty ? "mended" : "unmended"
        run.finishedAt = Timestamp.now()
        try catalogue.finishAuditRun(run, problems: report.mended.map { record($0, run: run.id!, mended: true) }
                                     + report.unmended.map { record($0, run: run.id!, mended: false) })
        let elapsed = (ContinuousClock.now - started).components
        report.seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        return report
    }

    private func record(_ f: AuditFinding, run: Int64, mended: Bool) -> AuditProblemRecord {
        AuditProblemRecord(runId: run, kind: f.kind.rawValue, digest: f.digest, path: f.path, detail: f.detail, mended: mended)
    }

    /// Restores one damaged object: sets the bad bytes aside, then takes the first copy — from a
    /// mirror, else from a source path — whose bytes hash to the object's name.
    private func mend(_ object: ObjectToVerify, digest: Digest, damage: String, present: Bool, mirrors: [ObjectStore],
                      repository: Repository) -> (finding: AuditFinding, mended: Bool)? {
        let store = repository.store
        let kind: AuditFinding.Kind = damage == "missing" ? .missing : .corrupt
        if present {
            do { try store.setAside(digest) } catch {
                return (AuditFinding(kind: kind, digest: object.digest, path: store.path(for: digest),
                                     detail: "could not set the damaged copy aside: \(error)"), false)
            }
        }
        var candidates: [(String, String)] = mirrors.map { ($0.path(for: digest), "the mirror \($0.root)") }
        candidates += ((try? repository.catalogue.sourcePaths(objectID: object.id)) ?? [])
            .filter { $0.size == object.size }.map { ($0.path, "its source \($0.path)") }
        for (path, label) in candidates {
            var st = stat()
            guard stat(path, &st) == 0, Int64(st.st_size) == object.size else { continue }
            guard (try? store.restore(digest, from: path)) == true else { continue }
            try? repository.catalogue.setDamage(nil, objectID: object.id, at: Timestamp.now())
            return (AuditFinding(kind: kind, digest: object.digest, path: store.path(for: digest),
                                 detail: "\(damage); restored from \(label), digest verified"), true)
        }
        return (AuditFinding(kind: kind, digest: object.digest, path: store.path(for: digest),
                             detail: "\(damage); no mirror or source path holds these bytes any more"
                                + (present ? " (the damaged copy is kept under quarantine/damaged/)" : "")), false)
    }

    /// Puts a mirror's catalogue snapshot in place of a missing or damaged catalogue, keeping the
    /// damaged file (and its -wal/-shm) beside it.
    private func restoreCatalogue(from mirror: String) throws {
        let path = root + "/" + Repository.cataloguePathComponent
        let stamp = Timestamp.now().replacingOccurrences(of: ":", with: "-")
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            guard rename(path + suffix, path + ".damaged-" + stamp + suffix) == 0 else {
                throw Failure(description: "cannot move the damaged catalogue aside: \(String(cString: strerror(errno)))")
            }
        }
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { unlink(partial + suffix) }
        try Catalogue.copy(from: mirror + "/" + Repository.cataloguePathComponent, to: partial)
        guard rename(partial, path) == 0 else {
            throw Failure(description: "cannot put the restored catalogue in place: \(String(cString: strerror(errno)))")
        }
    }

    /// Objects in the store the restored catalogue does not know (stored after the snapshot):
    /// catalogued again, named after their digest, their facts and text extracted anew.
    private func adoptUnknownObjects(_ repository: Repository) throws -> Int {
        var files: [IngestFile] = []
        var failure: Error?
        repository.store.walkObjectFiles { file in
            guard file.isRegular, let digest = file.digest else { return }
            do {
                if try !repository.catalogue.knowsObject(digest: digest.hex) {
                    files.append(IngestFile(path: file.path, fileName: digest.hex, size: file.size))
                }
            } catch { failure = error }
        }
        if let failure { throw failure }
        guard !files.isEmpty else { return 0 }
        var options = IngestJob.Options()
        options.command = "repair"
        let job = IngestJob(repository: repository, options: options)
        var run = try job.beginRun(roots: [repository.store.objectsDirectory])
        let summary = try job.ingest(files, runID: run.id!)
        try job.finishRun(&run, summary: summary, finished: true)
        _ = try ExtractJob(repository: repository).run(statuses: nil, all: false)
        return summary.added
    }
}
