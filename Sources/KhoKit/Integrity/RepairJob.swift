import Foundation
import KhoVocabulary
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
        /// Objects the catalogue did not know (stored after that snapshot, say), catalogued again
        /// without their names.
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
    let force: Bool

    /// `mirrors`: mirrors to use besides those the catalogue lists (`--from`). `force`: mend even
    /// when most of the store is missing (which usually means a disk that is not mounted).
    public init(root: String, mirrors: [String] = [], force: Bool = false) {
        self.root = FileWalker.absolute(root)
        self.extraMirrors = mirrors.map(FileWalker.absolute)
        self.force = force
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

        // 0. A catalogue that cannot be trusted comes back from a mirror's snapshot first; without
        // a mirror, `kho recover` rebuilds it from the objects themselves.
        if let trouble = Self.catalogueTrouble(root: root) {
            guard let mirror = extraMirrors.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + Repository.cataloguePathComponent) }) else {
                throw Failure(description: "\(trouble). Rebuild it from the objects with `kho recover --repo \(root)`, "
                              + "or from a mirror's snapshot with `kho repair --from /path/to/mirror`")
            }
            try restoreCatalogue(from: mirror, trouble: trouble)
            report.catalogueRestoredFrom = mirror
            report.mended.append(AuditFinding(kind: .catalogue, path: root + "/" + Repository.cataloguePathComponent,
                                              detail: "\(trouble); replaced by the snapshot of the mirror \(mirror)"
                                                + (trouble.hasSuffix("is missing") ? "" : " (the damaged file is kept beside it, named catalogue.sqlite.damaged-…)")))
            onNote("catalogue restored from \(mirror)")
        }

        // 1. Opening the store for writing removes what dead writers left in tmp/.
        let leftovers = ObjectStore.staleTemporaryEntries(root: root)
        let repository = try Repository(root: root, writable: true)
        // Most of the store gone at once is an unmounted disk or a wrong --repo, not a loss to mend.
        let presence = try StorePresence.check(repository)
        if presence.looksUnmounted && !force {
            throw Failure(description: presence.summary + " Nothing was changed. If the files really are lost, "
                          + "`kho repair --force` restores what mirrors and source paths still hold")
        }
        for path in leftovers where !path.hasSuffix(".lock") {
            report.mended.append(AuditFinding(kind: .tmpLeftover, path: path, detail: "removed (an interrupted write's partial copy)"))
        }
        let catalogue = repository.catalogue
        let store = repository.store
        var run = try catalogue.beginAuditRun(AuditRunRecord(kind: .repair, target: root, full: true, budget: nil,
                                                             startedAt: Timestamp.now()))
        if report.catalogueRestoredFrom != nil {
            try catalogue.forgetVerification()
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
                    if status == nil { damage = .missing } else if status!.size != object.size { damage = .corrupt }
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

        // 3. Files under objects/ the catalogue does not know: an object whose bytes match its name
        // is an item again (never quarantined); only damaged or misnamed files are set aside.
        var adoption = RecoverJob.Report()
        try RecoverJob.adoptUnknownObjects(repository, command: "repair", into: &adoption)
        report.adopted = adoption.recovered
        if adoption.recovered > 0 {
            onNote("catalogued again \(adoption.recovered) object(s) the catalogue did not know")
            report.mended.append(AuditFinding(kind: .stray, path: store.objectsDirectory,
                                              detail: "\(adoption.recovered) object(s) the catalogue did not know, catalogued again (named recovered-…)"))
        }
        report.mended += adoption.setAside

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
        run.status = report.unmended.isEmpty ? .mended : .unmended
        run.finishedAt = Timestamp.now()
        try catalogue.finishAuditRun(run, problems: report.mended.map { record($0, run: run.id!, mended: true) }
                                     + report.unmended.map { record($0, run: run.id!, mended: false) })
        report.seconds = started.secondsSince
        return report
    }

    private func record(_ f: AuditFinding, run: Int64, mended: Bool) -> AuditProblemRecord {
        AuditProblemRecord(runId: run, kind: f.kind, digest: f.digest, path: f.path, detail: f.detail, mended: mended)
    }

    /// Restores one damaged object: sets the bad bytes aside, then takes the first copy — from a
    /// mirror, else from a source path — whose bytes hash to the object's name.
    private func mend(_ object: ObjectToVerify, digest: Digest, damage: Damage, present: Bool, mirrors: [ObjectStore],
                      repository: Repository) -> (finding: AuditFinding, mended: Bool)? {
        let store = repository.store
        let kind = FindingKind(damage)
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
            guard FileInfo.of(path)?.size == object.size else { continue }
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
    private func restoreCatalogue(from mirror: String, trouble: String) throws {
        let path = root + "/" + Repository.cataloguePathComponent
        try CatalogueFile.moveAside(path, because: trouble)
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { unlink(partial + suffix) }
        try Catalogue.copy(from: mirror + "/" + Repository.cataloguePathComponent, to: partial)
        try CatalogueFile.putInPlace(partial, as: path)
    }
}
