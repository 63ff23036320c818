import ArgumentParser
import Foundation
import KhoKit

struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Show what is stored twice: exact copies and near-duplicates.",
        discussion: """
        Exact duplicates are one item ingested from several paths (kho stores the
        bytes once). Near-duplicates are the same picture, clip, recording or
        document saved again in another size, quality or format; each cluster
        names a suggested keeper (most pixels, highest bit rate, the original
        editable format, else the first stored) and why. Nothing is deleted.

        Presets (how alike is "the same"):
          strict   images ≤ 4 pHash bits; videos 80% of frames within 6 bits;
                   audio ≥ 0.92 of Chromaprint bits; documents ≥ 0.8 MinHash
          default  images ≤ 10 bits; videos 60% within 10 bits; audio ≥ 0.85;
                   documents ≥ 0.5
          loose    images ≤ 16 bits; videos 50% within 14 bits; audio ≥ 0.78;
                   documents ≥ 0.3

          kho dedup
          kho dedup --kind image --preset strict
          kho dedup --mark          search then shows each cluster once
          kho dedup --json > dedup.json
          kho dedup --new           marked clusters waiting for an editor's review

        Items missing a fingerprint (ingested before fingerprints existed) are
        not compared: kho fingerprint --missing. Exit status: 0 (with or without
        duplicates), 2 repository error.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Only image, video, audio or document.", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("strict, default or loose.", valueName: "preset"))
    var preset = "default"

    @Flag(help: "Record the clusters in the catalogue (search shows each once, show lists relatives).")
    var mark = false

    @Flag(help: "List the marked clusters no editor has reviewed yet (kho serve's review page decides them).")
    var new = false

    func validate() throws {
        if let kind, !["image", "video", "audio", "document"].contains(kind) {
            throw ValidationError("--kind must be image, video, audio or document, not '\(kind)'")
        }
        if !Library.similarityPresets.contains(preset) {
            throw ValidationError("--preset must be " + Library.similarityPresets.joined(separator: ", ") + ", not '\(preset)'")
        }
    }

    func run() throws {
        if new { try listNew(); return }
        let kinds: [MediaKind] = kind.flatMap(MediaKind.init(rawValue:)).map { [$0] } ?? [.image, .video, .audio, .document]
        let report: DedupJob.Report
        do {
            report = mark ? try global.openForWriting(changingStore: false).markDuplicates(kinds: kinds, preset: preset)
                          : try global.openForReading().findDuplicates(kinds: kinds, preset: preset)
        } catch { throw KhoFailure.repository(error) }
        if global.json { Output.json(report); return }
        print("Exact duplicates (one stored item, several paths): \(report.exact.count)")
        for g in report.exact {
            print("  \(g.digest.prefix(12))  \(Output.pad(g.kind.rawValue, 8)) \(Output.bytes(g.size)), from \(g.paths.count) paths:")
            for p in g.paths { print("      \(Output.display(p))") }
        }
        print("Near-duplicate clusters (preset \(report.preset)): \(report.clusters.count)")
        for c in report.clusters {
            print("  \(c.kind), \(c.members.count) items; keep \(c.keeper.prefix(12)): \(c.reason)")
            for m in c.members {
                let size = m.width.map { w in "\(w)×\(m.height ?? 0)" } ?? m.duration.map { String(format: "%.1f s", $0) } ?? Output.bytes(m.size)
                let how = m.keeper ? "KEEP    " : (c.method == .phash ? String(format: "%2.0f bits", m.distance) : String(format: "sim %.2f", 1 - m.distance))
                print("    \(how)  \(m.digest.prefix(12))  \(Output.pad(size, 11)) \(m.mime)  \(m.name)")
            }
        }
        if mark {
            print("Marked: search shows each cluster once; kho show lists an item's relatives.")
            if report.newClusters > 0 { print("\(report.newClusters) cluster(s) are new and wait for an editor: kho dedup --new, or the review page of kho serve.") }
        }
        else if !report.clusters.isEmpty { print("Nothing was changed. `kho dedup --mark` records these clusters for search.") }
    }

    private func listNew() throws {
        let (clusters, waiting): ([ClusterToReview], Int)
        do { (clusters, waiting) = try global.openForReading().clustersToReview(limit: 1000) } catch { throw KhoFailure.repository(error) }
        if global.json { Output.json(clusters.map { NewCluster($0) }); return }
        print("Clusters waiting for review: \(waiting)")
        for c in clusters {
            print("  found \(Output.clock(c.foundAt)), \(c.members.count) items:")
            for m in c.members { print("    \(m.id == c.keeperID ? "KEEP" : "    ")  \(m.digest.prefix(12))  \(Output.pad(Output.bytes(m.size), 10)) \(m.mime)") }
        }
    }

    private struct NewCluster: Encodable {
        let members: [String], keeper: String, foundAt: String
        init(_ c: ClusterToReview) {
            members = c.members.map(\.digest)
            keeper = c.members.first { $0.id == c.keeperID }?.digest ?? ""
            foundAt = c.foundAt
        }
        enum CodingKeys: String, CodingKey { case members, keeper, foundAt = "found_at" }
    }
}
