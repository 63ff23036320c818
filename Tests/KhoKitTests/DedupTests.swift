import Foundation
import GRDB
import KhoCatalogue
import KhoMedia
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Near-duplicates on the shared corpus")
struct DedupTests {
    let repository: Repository
    let items: [IngestItem]

    /// One ingest for the whole suite.
    /// The scan plays no part in near-duplicates: no OCR (tested elsewhere).
    static let shared = SharedFixture { try IngestedRepository("kho-dedup", corpus: ["images", "documents", "media", "neardup"], ocr: false) }

    init() throws { (repository, items) = (try Self.shared.get().repository, try Self.shared.get().items) }

    func digest(_ relative: String) -> String? {
        let path = Array(TestSupport.corpusPath(relative).utf8)
        return items.first { Array($0.path.utf8) == path }?.digest
    }

    @Test("truth.tsv at the default preset: every same pair clustered, no distinct pair; precision and recall per kind")
    func accuracy() throws {
        let report = try DedupJob(repository: repository).run(kinds: [.image, .video, .audio, .document], preset: .default, mark: false)
        var cluster: [String: Int] = [:]
        for (n, c) in report.clusters.enumerated() { for m in c.members { cluster[m.digest] = n } }
        struct Tally { var tp = 0, fn = 0, fp = 0, tn = 0 }
        var tally: [String: Tally] = [:]
        for row in try TestSupport.readTSV("neardup/truth.tsv") {
            let a = try #require(digest(row["a"]!), "\(row["a"]!) was not ingested")
            let b = try #require(digest(row["b"]!), "\(row["b"]!) was not ingested")
            let together = cluster[a] != nil && cluster[a] == cluster[b]
            let kind = items.first { $0.digest == a }!.kind!.rawValue
            if row["expect"] == "same" {
                #expect(together, "\(row["transform"]!): \(row["a"]!) ~ \(row["b"]!) not found")
                if together { tally[kind, default: Tally()].tp += 1 } else { tally[kind, default: Tally()].fn += 1 }
            } else {
                #expect(!together, "\(row["transform"]!): \(row["a"]!) ~ \(row["b"]!) reported as near-duplicates")
                if together { tally[kind, default: Tally()].fp += 1 } else { tally[kind, default: Tally()].tn += 1 }
            }
        }
        for (kind, t) in tally.sorted(by: { $0.key < $1.key }) {
            let precision = t.tp + t.fp == 0 ? 1 : Double(t.tp) / Double(t.tp + t.fp)
            let recall = t.tp + t.fn == 0 ? 1 : Double(t.tp) / Double(t.tp + t.fn)
            print(String(format: "accuracy %@: %d same found of %d, %d distinct reported of %d; precision %.2f recall %.2f",
                         kind, t.tp, t.tp + t.fn, t.fp, t.fp + t.tn, precision, recall))
        }
        #expect(tally.values.reduce(0) { $0 + $1.fn + $1.fp } == 0)
        #expect(Set(tally.keys) == ["image", "video", "audio", "document"])

        // Camera files with the same pixels: the one laid out as the camera wrote it (EXIF first) is
        // kept over copies a program saved again (JFIF first), whatever the order they came in.
        for original in ["images/photos/DSCN0010.jpg", "images/photos/DSCN0012.jpg"] {
            let wanted = try #require(self.digest(original))
            let found = try #require(report.clusters.first { $0.members.contains { $0.digest == wanted } })
            #expect(found.keeper == wanted, "\(original)")
            #expect(found.reason == "the camera's file as written (EXIF first, as cameras write it; the others were saved again by a program)")
        }
    }

    @Test("the same photo under EXIF orientations 1–8 is one picture; its mirror image is not")
    func orientation() throws {
        let hashes = try (1...8).map { n in
            try #require(Fingerprinter.image(path: TestSupport.corpusPath("images/photos/landscape_\(n).jpg")).hash)
        }
        for h in hashes.dropFirst() { #expect(PerceptualHash.distance(hashes[0], h) <= 4) }
        let mirrored = try #require(Fingerprinter.image(path: TestSupport.corpusPath("neardup/images/landscape_1_mirrored.jpg")).hash)
        #expect(PerceptualHash.distance(hashes[0], mirrored) == 32)
    }

    @Test("WebP, GIF, TIFF and HEIF are hashed too; a WebP or GIF made from a JPEG is its near-duplicate")
    func formats() throws {
        let dir = try TestSupport.scratchDirectory("kho-formats")
        let jpeg = TestSupport.corpusPath("images/photos/DSCN0010.jpg")
        let reference = try #require(Fingerprinter.image(path: jpeg).hash)
        for ext in ["webp", "gif"] {
            let out = dir + "/DSCN0010." + ext
            #expect(try TestSupport.run("/usr/bin/ffmpeg", ["-v", "error", "-y", "-i", jpeg, out]).status == 0)
            let f = Fingerprinter.image(path: out)
            #expect(f.status == .ok, "\(ext): \(f.note ?? "")")
            #expect(PerceptualHash.distance(reference, f.hash ?? ~reference) <= SimilarityPreset.default.imageBits, "\(ext)")
        }
        for name in ["Arbitro.tiff", "samplefilehub.heif"] {
            let f = Fingerprinter.image(path: TestSupport.corpusPath("images/photos/" + name))
            #expect(f.status == .ok, "\(name): \(f.note ?? "")")
            #expect((f.width ?? 0) > 0 && (f.height ?? 0) > 0, "\(name)")
        }
    }

    @Test("the 60000×60000 PNG is refused from its header, never decoded; a broken JPEG fails with a reason")
    func hostileImages() throws {
        let bomb = Fingerprinter.image(path: TestSupport.corpusPath("hostile/anh-poster-60000x60000.png"))
        #expect(bomb.status == .refused)
        #expect(bomb.width == 60000 && bomb.height == 60000)
        #expect(bomb.note == "60000×60000 pixels is more than the 250-megapixel limit: not decoded (a decompression bomb, or a scan to shrink first)")
        let program = Fingerprinter.image(path: TestSupport.corpusPath("hostile/anh-su-kien.jpg"))
        #expect(program.status == .failed)
        #expect(program.note?.hasPrefix("the picture cannot be read: ") == true)
    }

    @Test("an ingest reports a new near-duplicate on its line; --mark makes search show the cluster once and show list relatives")
    func ingestAndMark() throws {
        let resized = try #require(items.first { $0.path.hasSuffix("neardup/images/DSCN0010_resize50.jpg") })
        #expect(resized.nearDuplicate?.digest == digest("images/photos/DSCN0010.jpg"))
        #expect(resized.nearDuplicate?.distance == 0)
        let pdf = try #require(items.first { $0.path.hasSuffix("neardup/documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.pdf") })
        #expect(pdf.nearDuplicate?.method == .minhash)

        _ = try DedupJob(repository: repository).run(kinds: [.document], preset: .default, mark: true)
        var filters = SearchFilters()
        filters.kind = "document"
        let hits = try repository.catalogue.search(try SearchQuery(parsing: "\"Đẩy mạnh truyền thông thực hiện Nghị quyết\""), filters: filters)
        let plan = Set([digest("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.docx"), digest("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt"),
                        digest("neardup/documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.pdf")].compactMap { $0 })
        #expect(plan.count == 3)
        let shown = hits.filter { plan.contains($0.object.digest) }
        #expect(shown.count == 1)
        #expect(shown.first?.similar == 2)
        let docx = try #require(try repository.catalogue.objects(digestPrefix: digest("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.docx")!).first)
        let relatives = try repository.catalogue.relatives(objectID: docx.id!)
        #expect(Set(relatives.map(\.object.digest)) == plan.subtracting([docx.digest]))
    }

    @Test("kho fingerprint --missing fills in items stored without fingerprints, and dedup then finds them")
    func missing() throws {
        let repo = try Repository.initialize(at: try TestSupport.scratchDirectory("kho-fp") + "/Storage").0
        var options = IngestJob.Options()
        options.fingerprints = false
        _ = try IngestJob(repository: repo, options: options).run(roots: [TestSupport.corpusPath("images/photos/DSCN0012.jpg"),
                                                                         TestSupport.corpusPath("neardup/images/DSCN0012_q50.jpg"),
                                                                         TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt")])
        #expect(try DedupJob(repository: repo).run(kinds: [.image], preset: .default, mark: false).clusters.isEmpty)
        let summary = try FingerprintJob(repository: repo).run()
        #expect(summary.examined == 3)
        #expect(summary.byStatus == ["ok": 3])
        let clusters = try DedupJob(repository: repo).run(kinds: [.image], preset: .default, mark: false).clusters
        #expect(clusters.count == 1)
        #expect(clusters.first?.members.count == 2)
        #expect(try FingerprintJob(repository: repo).run().examined == 0)
    }

    @Test("a pHash an older version of the method made is recomputed by kho fingerprint --missing (on this photo to the same bits)")
    func olderVersion() throws {
        let repo = try Repository.initialize(at: try TestSupport.scratchDirectory("kho-fpv") + "/Storage").0
        let photo = TestSupport.corpusPath("images/photos/DSCN0012.jpg")
        _ = try IngestJob(repository: repo, options: IngestJob.Options()).run(roots: [photo])
        let object = try #require(try repo.catalogue.liveObjects(kinds: [.image], afterID: 0, limit: 10).first)
        let current = try #require(try repo.catalogue.fingerprint(objectID: object.id!))
        #expect(current.version == 2)
        // Version 1 decoded the file straight to 32×32.
        let direct = PerceptualHash.phash(try ImagePixels.grey(path: photo).get())
        var old = current
        old.version = 1
        old.hash = direct
        try repo.catalogue.storeFingerprints([(object.id!, old)])
        #expect(try FingerprintJob(repository: repo).run().examined == 1)
        #expect(try repo.catalogue.fingerprint(objectID: object.id!) == current)
        #expect(PerceptualHash.distance(direct, current.hash!) == 0)
        #expect(try FingerprintJob(repository: repo).run().examined == 0)
    }
}

@Suite("Neighbour indexes")
struct SimilarityIndexTests {
    @Test("multi-index hashing finds exactly what comparing every pair finds")
    func hammingIndex() {
        var rng = SplitMix(seed: 42)
        var index = HammingIndex()
        var hashes: [UInt64] = []
        for _ in 0..<20_000 {
            let h = rng.next()
            hashes.append(h)
            index.insert(h)
        }
        // Near copies of some, so that neighbours exist at every distance.
        for i in 0..<200 {
            var h = hashes[i]
            for b in 0..<(i % 17) { h ^= 1 << UInt64((b * 7 + i) % 64) }
            hashes.append(h)
            index.insert(h)
        }
        for radius in [4, 10, 16] {
            for q in stride(from: 0, to: hashes.count, by: 97) {
                let brute = hashes.indices.filter { (hashes[$0] ^ hashes[q]).nonzeroBitCount <= radius }
                #expect(index.neighbours(of: hashes[q], radius: radius).map(\.id).sorted() == brute, "radius \(radius), query \(q)")
            }
        }
    }

    @Test("MinHash estimates Jaccard similarity; LSH finds the similar and not the unrelated")
    func minhash() {
        let base = (0..<400).map { "tu\($0 % 97)x\($0)" }
        var edited = base
        for i in 100..<120 { edited[i] = "khac\(i)" }
        let other = (0..<400).map { "khac\($0)" }
        let a = MinHash.signature(words: base), b = MinHash.signature(words: edited), c = MinHash.signature(words: other)
        #expect(MinHash.similarity(a, a) == 1)
        #expect(abs(MinHash.similarity(a, b) - 0.83) < 0.1)  // 3-word shingles: 62 of 398 changed
        #expect(MinHash.similarity(a, c) < 0.05)
        var index = MinHashIndex()
        index.insert(b)
        index.insert(c)
        #expect(index.neighbours(of: a, threshold: 0.5).map(\.id) == [0])
    }
}

/// Deterministic 64-bit pseudo-random numbers for index tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
