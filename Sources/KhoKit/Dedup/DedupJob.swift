import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia
import KhoStore

/// Finds what is stored twice: exact duplicates (one object that came from several paths) and
/// near-duplicates (the same picture, clip, recording or document in another size, quality or
/// format), grouped into clusters with a suggested keeper. It deletes nothing; `mark` records
/// the clusters so search can show each once.
public struct DedupJob {
    public struct Member: Sendable, Codable, Equatable {
        public var digest: String
        public var name: String
        public var mime: String
        public var size: Int64
        public var width: Int?
        public var height: Int?
        public var duration: Double?
        /// To the keeper: pHash bits (images) or 1 − similarity (others); 0 for the keeper.
        public var distance: Double
        public var keeper: Bool
    }

    public struct Cluster: Sendable, Codable, Equatable {
        public var kind: MediaKind
        public var method: Fingerprint.Method
        public var members: [Member]
        public var keeper: String
        public var reason: String
    }

    public struct ExactGroup: Sendable, Codable, Equatable {
        public var digest: String
        public var kind: MediaKind
        public var size: Int64
        public var paths: [String]
    }

    public struct Report: Sendable, Codable {
        public var preset: String
        public var exact: [ExactGroup]
        public var clusters: [Cluster]
        public var marked: Bool
        public var seconds: Double
        /// Clusters this marking run found that no run had found before (they wait for review).
        public var newClusters = 0
    }

    let repository: Repository
    public init(repository: Repository) { self.repository = repository }

    public func run(kinds: [MediaKind], preset: SimilarityPreset, mark: Bool) throws -> Report {
        let started = ContinuousClock.now
        let catalogue = repository.catalogue
        var report = Report(preset: preset.name, exact: [], clusters: [], marked: mark, seconds: 0)
        for kind in kinds {
            for (object, sources) in try catalogue.exactDuplicateGroups(kind: kind) {
                report.exact.append(ExactGroup(digest: object.digest, kind: object.kind, size: object.size, paths: sources.map(\.path)))
            }
        }
        var marks: [SimilarRecord] = []
        var methods: [Fingerprint.Method] = []
        // What editors decided on earlier clusters (kho serve's review page) holds.
        let decisions = try catalogue.dedupDecisions()
        for kind in kinds {
            guard let method = Fingerprint.method(for: kind) else { continue }
            methods.append(method)
            let candidates = try catalogue.dedupCandidates(method: method).filter { $0.kind == kind }
            let store = repository.store
            // Asked at every comparison while a cluster's members are sorted: read each file once.
            final class Known { var layout: [String: Bool] = [:] }
            let known = Known()
            // Images: copies an editor cropped or straightened, found by crop hashes and confirmed by pixels.
            let cropped = kind == .image ? CropPass.pairs(candidates) { digest in
                Digest(hex: digest).flatMap { try? ImagePixels.grey(path: store.path(for: $0), side: 256, fit: true).get() }
            }.map { ($0.first, $0.second) } : []
            let (clusters, records) = Self.cluster(candidates, kind: kind, method: method, preset: preset, extraPairs: cropped,
                                                   apart: decisions.apart, confirmed: decisions.keepers) { digest in
                if let found = known.layout[digest] { return found }
                let found = Digest(hex: digest).map { JPEGFrame.exifFirst(path: store.path(for: $0)) } ?? false
                known.layout[digest] = found
                return found
            }
            report.clusters += clusters
            marks += records
        }
        if mark {
            try catalogue.markSimilar(marks, methods: methods, preset: preset.name)
            report.newClusters = try catalogue.recordClusters(marks, at: Timestamp.now())
        }
        report.seconds = started.secondsSince
        return report
    }

    /// Union-find over every neighbour pair the index finds; one cluster per component of two or more.
    /// `exifFirst` tells, by digest, whether a JPEG's EXIF sits right after its start (asked only of
    /// cluster members, to break ties between camera files).
    /// `extraPairs`: more pairs (by position) known to be one item, from the crop pass.
    public static func cluster(_ candidates: [DedupCandidate], kind: MediaKind, method: Fingerprint.Method, preset: SimilarityPreset,
                               extraPairs: [(Int, Int)] = [], apart: Set<[Int64]> = [], confirmed: Set<Int64> = [],
                               exifFirst: @escaping (String) -> Bool = { _ in false }) -> ([Cluster], [SimilarRecord]) {
        let index = SimilarityIndex(method: method, preset: preset, candidates: candidates)
        var parent = Array(0..<candidates.count)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func join(_ i: Int, _ j: Int) {
            if !apart.isEmpty {
                let x = candidates[i].objectID, y = candidates[j].objectID
                if apart.contains([min(x, y), max(x, y)]) { return }
            }
            let a = root(i), b = root(j)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        for i in candidates.indices {
            for n in index.neighbours(of: candidates[i].fingerprint, excluding: i) where n.position > i { join(i, n.position) }
        }
        for (i, j) in extraPairs { join(i, j) }
        var groups: [Int: [Int]] = [:]
        for i in candidates.indices { groups[root(i), default: []].append(i) }
        var clusters: [Cluster] = []
        var records: [SimilarRecord] = []
        for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.count > 1 {
            var (keeper, reason) = Self.keeper(members.map { candidates[$0] }, kind: kind, exifFirst: exifFirst)
            if let chosen = members.firstIndex(where: { confirmed.contains(candidates[$0].objectID) }) {
                (keeper, reason) = (chosen, "confirmed by an editor")
            }
            let keeperPosition = members[keeper]
            var cluster = Cluster(kind: kind, method: method, members: [], keeper: candidates[keeperPosition].digest, reason: reason)
            for m in members {
                let c = candidates[m]
                let d = m == keeperPosition ? 0 : index.distance(keeperPosition, m)
                cluster.members.append(Member(digest: c.digest, name: c.name, mime: c.mime, size: c.size, width: c.fingerprint.width,
                                              height: c.fingerprint.height, duration: c.fingerprint.duration, distance: d,
                                              keeper: m == keeperPosition))
                records.append(SimilarRecord(objectID: c.objectID, keeperID: candidates[keeperPosition].objectID,
                                             method: method, distance: d))
            }
            cluster.members.sort { $0.keeper != $1.keeper ? $0.keeper : ($0.distance != $1.distance ? $0.distance < $1.distance : $0.digest < $1.digest) }
            clusters.append(cluster)
        }
        return (clusters, records)
    }

    /// The copy to keep: the most pixels (images, videos: the largest file), the camera's own file
    /// over a conversion — and among camera files the one laid out as the camera writes it —, a
    /// lossless original over its JPEG, the highest bit rate (audio), the original editable format
    /// (documents: an office file before a PDF before plain text); then the one stored first.
    static func keeper(_ members: [DedupCandidate], kind: MediaKind,
                       exifFirst: @escaping (String) -> Bool = { _ in false }) -> (Int, String) {
        func pixels(_ c: DedupCandidate) -> Double { Double((c.fingerprint.width ?? 0) * (c.fingerprint.height ?? 0)) }
        func bitRate(_ c: DedupCandidate) -> Double { Double(c.size) * 8 / max(c.fingerprint.duration ?? 1, 0.001) }
        func formatRank(_ c: DedupCandidate) -> Double {
            if c.mime.contains("officedocument") || c.mime.contains("opendocument") || c.mime == "application/msword" { return 3 }
            if c.mime == "application/pdf" { return 2 }
            return c.mime.hasPrefix("text/") ? 0 : 1
        }
        // Criteria in order, each a score (higher wins) and how to say it.
        var criteria: [(score: (DedupCandidate) -> Double, reason: (DedupCandidate) -> String)] = []
        switch kind {
        case .image:
            criteria.append((pixels, { "the largest picture (\($0.fingerprint.width ?? 0)×\($0.fingerprint.height ?? 0))" }))
            criteria.append(({ $0.fromCamera ? 1 : 0 }, { _ in "the camera's own file (it carries the camera's EXIF data)" }))
            criteria.append(({ $0.fromCamera && $0.mime == "image/jpeg" && exifFirst($0.digest) ? 1 : 0 },
                             { _ in "the camera's file as written (EXIF first, as cameras write it; the others were saved again by a program)" }))
            criteria.append(({ $0.mime == "image/jpeg" ? 0 : 1 }, { "the lossless original (\($0.mime)), not a JPEG of it" }))
        case .video:
            criteria.append(({ Double($0.size) }, { "the highest bit rate (the largest file, \($0.size) bytes)" }))
        case .audio:
            criteria.append((bitRate, { String(format: "the highest bit rate (%.0f kbit/s)", bitRate($0) / 1000) }))
        default:
            criteria.append((formatRank, { formatRank($0) == 3 ? "the original, editable format (\($0.mime))" : "the most complete format (\($0.mime))" }))
        }
        let order = members.indices.sorted { a, b in
            for c in criteria where c.score(members[a]) != c.score(members[b]) { return c.score(members[a]) > c.score(members[b]) }
            let x = members[a], y = members[b]
            return x.firstSeenAt != y.firstSeenAt ? x.firstSeenAt < y.firstSeenAt : x.digest < y.digest
        }
        let best = members[order[0]]
        // The reason is the first criterion on which the keeper beats the runner-up.
        let runnerUp = members[order[1]]
        for c in criteria where c.score(best) != c.score(runnerUp) { return (order[0], c.reason(best)) }
        return (order[0], "the one stored first (\(best.firstSeenAt.prefix(10)))")
    }
}
