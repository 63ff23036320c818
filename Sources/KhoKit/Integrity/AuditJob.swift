import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoStore
import Synchronization

/// Proves the repository intact, or says exactly what is not (restic's `check`, git's `fsck`).
///
/// Every run checks the cheap things in full: the catalogue file (`integrity_check`), its
/// references (`foreign_key_check`), the search index (its own check, one row per item), every
/// object's presence, size and mode, files under `objects/` the catalogue does not know, and
/// leftovers in `tmp/`. Then it re-reads objects and checks their SHA-256: the never-verified
/// and least recently verified first, until the budget (time or bytes) is spent, whatever their
/// age — so a nightly run with a budget re-reads the whole store every few days, round and round,
/// as borg's and git-annex's incremental checks do. `maxAge` limits that to objects not verified
/// for so long (and is the rule, 30 days, for a run with no budget); `full` re-reads everything.
///
/// A corrupt object is set aside under `quarantine/damaged/` (never deleted) and flagged in the
/// catalogue; a missing one is flagged. `kho repair` mends both from a mirror or a source.
public final class AuditJob {
    public struct Options: Sendable {
        public var full = false
        public var budget: AuditBudget?
        /// Re-read only objects last verified longer ago than this (ignored with `full`). Unset:
        /// with a budget, any object (least recently verified first); without one, 30 days.
        public var maxAgeDays: Double?
        public var workers = max(1, min(4, ProcessInfo.processInfo.activeProcessorCount))
        public init() {}
    }

    let repository: Repository
    let options: Options
    /// What the run calls the place it checked (the repository, or a mirror's path).
    let target: String
    /// Set by a run with a budget: runs like it needed to re-read every object once.
    private var cycleRuns: Int?

    public init(repository: Repository, options: Options, target: String? = nil) {
        self.repository = repository
        self.options = options
        self.target = target ?? repository.root
    }

    public func run(onProgress: (AuditProgress) -> Void = { _ in }) throws -> AuditReport {
        let catalogue = repository.catalogue
        let clock = ContinuousClock.now
        var run = try catalogue.beginAuditRun(AuditRunRecord(kind: .audit, target: target, full: options.full,
                                                             budget: options.budget?.description, startedAt: Timestamp.now()))
        var findings: [AuditFinding] = []
        func found(_ kind: FindingKind, digest: String? = nil, path: String? = nil, _ detail: String) {
            findings.append(AuditFinding(kind: kind, digest: digest, path: path, detail: detail))
        }
        let record = { (kind: FindingKind, digest: String?, path: String?, detail: String) in
            found(kind, digest: digest, path: path, detail)
        }

        // 1. The catalogue itself.
        for p in try catalogue.integrityProblems() { found(.catalogue, path: catalogue.path, p) }
        for p in try catalogue.foreignKeyProblems() { found(.foreignKey, path: catalogue.path, p) }
        for p in try catalogue.searchIndexProblems() { found(.searchIndex, path: catalogue.path, p + " — `kho repair` rebuilds it") }

        // A damaged catalogue file may fail any query below: say so, and stop there.
        do {
            try checkObjects(run: &run, found: record, clock: clock, onProgress: onProgress)
        } catch where Catalogue.isCorruption(error) {
            found(.catalogue, path: catalogue.path, "the audit stopped: \(error) — rebuild the catalogue from a mirror: kho repair --from MIRROR")
        }
        run.problems = findings.count
        run.status = findings.isEmpty ? .clean : .problems
        run.finishedAt = Timestamp.now()
        try catalogue.finishAuditRun(run, problems: findings.map {
            AuditProblemRecord(runId: run.id!, kind: $0.kind, digest: $0.digest, path: $0.path, detail: $0.detail)
        })
        return AuditReport(runID: run.id!, target: target, full: options.full, budget: options.budget?.description,
                           objects: (try? catalogue.objectCount()) ?? 0, objectsChecked: run.objectsChecked, bytesChecked: run.bytesChecked,
                           objectsLeft: run.objectsLeft, cycleRuns: cycleRuns, findings: findings,
                           seconds: clock.secondsSince)
    }

    /// Steps 2 to 4: objects present, strays and leftovers, then the re-reading.
    private func checkObjects(run: inout AuditRunRecord, found record: (FindingKind, String?, String?, String) -> Void,
                              clock: ContinuousClock.Instant, onProgress: (AuditProgress) -> Void) throws {
        let catalogue = repository.catalogue
        let store = repository.store
        func found(_ kind: FindingKind, digest: String? = nil, path: String? = nil, _ detail: String) {
            record(kind, digest, path, detail)
        }
        // 2. Every object present, of its size, read-only; damage found earlier and not mended.
        // Most of them missing at once is a disk that is not mounted: said once, nothing flagged.
        let presence = try StorePresence.check(repository)
        if presence.looksUnmounted {
            found(.missing, path: store.objectsDirectory, presence.summary + " Nothing was flagged or re-read")
            run.objectsLeft = presence.total
            return
        }
        try catalogue.forEachObjectPage { page in
            for object in page {
                guard let digest = Digest(hex: object.digest) else { continue }
                if let damage = object.damage {
                    found(FindingKind(damage), digest: object.digest, path: store.path(for: digest),
                          "found \(damage) by an earlier audit and not yet mended — run `kho repair`")
                    continue
                }
                guard let status = store.fileStatus(digest) else {
                    try catalogue.setDamage(.missing, objectID: object.id, at: Timestamp.now())
                    found(.missing, digest: object.digest, path: store.path(for: digest), "the catalogue lists it, the store does not have it")
                    continue
                }
                if status.size != object.size {
                    found(.corrupt, digest: object.digest, path: store.path(for: digest),
                          "\(status.size) bytes instead of \(object.size)" + setAside(digest, id: object.id))
                    continue
                }
                if status.mode != ObjectStore.objectMode {
                    found(.permissions, digest: object.digest, path: store.path(for: digest),
                          String(format: "mode %o instead of 444: objects must stay read-only", status.mode))
                }
            }
        }

        // 3. Files the catalogue does not know, and what dead writers left.
        var strayError: Error?
        store.walkObjectFiles { file in
            do {
                guard file.isRegular, let digest = file.digest else {
                    found(.stray, path: file.path, "not an object (an unexpected name or kind of file under objects/)")
                    return
                }
                if try !catalogue.knowsObject(digest: digest.hex) {
                    found(.stray, digest: digest.hex, path: file.path, "an object the catalogue does not know (left by an interrupted ingest?) — `kho repair` catalogues it again when its bytes match its name")
                }
            } catch { strayError = error }
        }
        if let strayError { throw strayError }
        for path in ObjectStore.staleTemporaryEntries(root: repository.root) {
            found(.tmpLeftover, path: path, "left in tmp/ by a writer that stopped; removed by the next writer or `kho repair`")
        }

        // 4. Re-read and hash, least recently verified first, within the budget.
        let runStart = run.startedAt
        let maxAge = options.full ? nil : options.maxAgeDays ?? (options.budget == nil ? 30 : nil)
        let cutoff = maxAge.map { Timestamp.string(Date().addingTimeInterval(-$0 * 86400)) } ?? runStart
        let spentBytes = Atomic<Int64>(0)
        let outOfBudget = Atomic<Bool>(false)
        var skipping: [Int64] = []
        var checked = 0
        let buffers = (0..<options.workers).map { _ in AuditBuffer() }
        let budget = options.full ? nil : options.budget
        let eligibleAtStart = try catalogue.countToVerify(verifiedBefore: cutoff)
        let readingStarted = ContinuousClock.now
        while !outOfBudget.load(ordering: .relaxed) {
            let page = try catalogue.objectsToVerify(verifiedBefore: cutoff, skipping: skipping, limit: 256)
            if page.isEmpty { break }
            let results = ResultSlots<ObjectCheck>(count: page.count)
            IngestJob.parallelFor(page.count, workers: options.workers) { i, worker in
                if outOfBudget.load(ordering: .relaxed) { return }
                if let budget {
                    switch budget {
                    case .seconds(let s):
                        if (ContinuousClock.now - clock) >= .milliseconds(Int64(s * 1000)) { outOfBudget.store(true, ordering: .relaxed); return }
                    case .bytes(let b):
                        let before = spentBytes.add(page[i].size, ordering: .relaxed).oldValue
                        if before > 0 && before + page[i].size > b { outOfBudget.store(true, ordering: .relaxed); return }
                    }
                }
                guard let digest = Digest(hex: page[i].digest) else { return }
                results[i] = store.check(digest, expectedSize: page[i].size, buffer: buffers[worker].memory)
            }
            var verified: [Int64] = []
            for (i, object) in page.enumerated() {
                guard let result = results[i] else { continue }
                checked += 1
                run.bytesChecked += object.size
                let digest = Digest(hex: object.digest)!
                switch result {
                case .ok: verified.append(object.id)
                case .missing:
                    try catalogue.setDamage(.missing, objectID: object.id, at: Timestamp.now())
                    found(.missing, digest: object.digest, path: store.path(for: digest), "vanished while the audit ran")
                case .wrongSize(let actual):
                    found(.corrupt, digest: object.digest, path: store.path(for: digest),
                          "\(actual) bytes instead of \(object.size)" + setAside(digest, id: object.id))
                case .corrupt(let actual):
                    found(.corrupt, digest: object.digest, path: store.path(for: digest),
                          "its bytes hash to \(actual.hex.prefix(12))…, not to its name" + setAside(digest, id: object.id))
                case .unreadable(let reason):
                    skipping.append(object.id)
                    found(.unreadable, digest: object.digest, path: store.path(for: digest), "cannot be read: \(reason)")
                }
            }
            try catalogue.markVerified(verified, at: Timestamp.now())
            onProgress(AuditProgress(objectsChecked: checked, objectsToCheck: eligibleAtStart, bytesChecked: run.bytesChecked))
        }

        run.objectsChecked = checked
        run.objectsLeft = try catalogue.countToVerify(verifiedBefore: cutoff)
        if let budget, maxAge == nil { cycleRuns = try Self.cycleRuns(budget: budget, checkedBytes: run.bytesChecked, left: run.objectsLeft,
                                                                        seconds: readingStarted.secondsSince, catalogue: catalogue) }
    }

    /// How many runs at this budget re-read every object once: from what this run managed.
    static func cycleRuns(budget: AuditBudget, checkedBytes: Int64, left: Int, seconds: Double, catalogue: Catalogue) throws -> Int? {
        if left == 0 { return 1 }
        let total = Double(try catalogue.totalObjectBytes())
        switch budget {
        // A run reads at least one object, whatever the budget.
        case .bytes(let b): return max(1, Int((total / Double(max(b, checkedBytes, 1))).rounded(.up)))
        case .seconds(let s):
            guard checkedBytes > 0, seconds > 0 else { return nil }
            let perRun = Double(checkedBytes) / seconds * s
            return max(1, Int((total / perRun).rounded(.up)))
        }
    }

    /// Moves a corrupt object to quarantine/damaged/ and flags it; says where it went.
    private func setAside(_ digest: Digest, id: Int64) -> String {
        let note: String
        do {
            let aside = try repository.store.setAside(digest)
            note = "; set aside as \(aside)"
        } catch {
            note = "; could not be set aside (\(error))"
        }
        try? repository.catalogue.setDamage(.corrupt, objectID: id, at: Timestamp.now())
        return note + " — run `kho repair`"
    }
}

/// A read buffer per worker, reused for every object.
final class AuditBuffer: @unchecked Sendable {
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 4096)
    deinit { memory.deallocate() }
}

/// How much an audit may re-read: for so long, or so many bytes.
public enum AuditBudget: Sendable, Equatable, CustomStringConvertible {
    case seconds(Double)
    case bytes(Int64)

    /// "90s", "30m", "2h", "1d"; "500MB", "50GB", "2TB" (decimal), "512MiB", "4GiB".
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let digits = t.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(digits), value > 0 else { return nil }
        let unit = t.dropFirst(digits.count).lowercased()
        let times: [String: Double] = ["s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400]
        let sizes: [String: Double] = ["b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
                                       "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776]
        if let f = times[unit] { self = .seconds(value * f) } else if let f = sizes[unit] { self = .bytes(Int64(value * f)) } else { return nil }
    }

    public var description: String {
        switch self {
        case .seconds(let s): return s.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(s / 60))m" : "\(Int(s))s"
        case .bytes(let b): return b % 1_000_000_000 == 0 ? "\(b / 1_000_000_000)GB" : "\(b / 1_000_000)MB"
        }
    }
}

public struct AuditProgress: Sendable {
    public var objectsChecked: Int
    public var objectsToCheck: Int
    public var bytesChecked: Int64
}

/// One thing an audit found.
public struct AuditFinding: Sendable, Equatable, Codable {
    public var kind: FindingKind
    public var digest: String?
    public var path: String?
    public var detail: String
}

public struct AuditReport: Sendable, Codable {
    public var runID: Int64
    public var target: String
    public var full: Bool
    public var budget: String?
    public var objects: Int
    public var objectsChecked: Int
    public var bytesChecked: Int64
    /// Due for a re-read, not reached this time (budget).
    public var objectsLeft: Int
    /// With a budget: how many runs like this one re-read every object once (1: each run does).
    public var cycleRuns: Int?
    public var findings: [AuditFinding]
    public var seconds: Double
    public var clean: Bool { findings.isEmpty }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", target, full, budget, objects, objectsChecked = "objects_checked", bytesChecked = "bytes_checked"
        case objectsLeft = "objects_left", cycleRuns = "cycle_runs", findings, seconds
    }
}
