// Near-duplicate machinery: image hashing against Python's imagehash.phash on the same 12-megapixel
// JPEGs, neighbour queries among 1,000,000 hashes, clustering 100,000 images, MinHash throughput.
import KhoVocabulary
import Foundation
import Glibc
import KhoCatalogue
import KhoKit
import KhoMedia

func dedupBench(quick: Bool) throws {
    let root = work + "/dedup"
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    print("")
    print("dedup: near-duplicate machinery (release build, \(ProcessInfo.processInfo.activeProcessorCount) cores)")

    // 1. 12-megapixel JPEGs, upscaled from the corpus photos with ffmpeg.
    let count = quick ? 8 : 40
    let photos = try FileManager.default.contentsOfDirectory(atPath: corpus + "/images/photos").filter { $0.hasSuffix(".jpg") }.sorted()
    FileHandle.standardError.write(Data("dedup: making \(count) 12-megapixel JPEGs…\n".utf8))
    var files: [String] = []
    for i in 0..<count {
        let out = root + "/anh-12mp-\(i).jpg"
        shell("ffmpeg -v error -y -i '\(corpus)/images/photos/\(photos[i % photos.count])' -vf scale=4000:3000,eq=brightness=\(Double(i % 7) / 100) -q:v 3 '\(out)'")
        files.append(out)
    }
    shell("cat \(files.map { "'\($0)'" }.joined(separator: " ")) > /dev/null")
    let paths = files
    func timeKho(workers: Int) -> Double {
        let files = paths
        let start = DispatchTime.now()
        let next = Mutexed(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let i = next.pop(below: files.count) { _ = Fingerprinter.image(path: files[i]) }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
    _ = timeKho(workers: 1)  // libvips start-up and the files' first read, not measured
    let kho1 = timeKho(workers: 1)
    let khoAll = timeKho(workers: ProcessInfo.processInfo.activeProcessorCount)
    let python = ".build/bench-venv/bin/python3"
    var pythonSeconds: Double?
    if FileManager.default.fileExists(atPath: python) {
        let script = root + "/phash.py"
        try """
            import sys, time, imagehash
            from PIL import Image
            files = sys.argv[1:]
            imagehash.phash(Image.open(files[0]))
            t = time.perf_counter()
            for f in files: imagehash.phash(Image.open(f))
            print(time.perf_counter() - t)
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let out = Pipe()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [script] + files
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        pythonSeconds = Double(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
    let rate = { (s: Double) in Double(count) / s }
    if let py = pythonSeconds {
        print(String(format: "  image pHash, 12 MP JPEG: kho %.1f images/s on 1 core, %.1f on all; imagehash.phash %.1f/s → %.1f× (1 core), %.1f× (all)   target ≥ 5×  %@",
                     rate(kho1), rate(khoAll), rate(py), rate(kho1) / rate(py), rate(khoAll) / rate(py), rate(kho1) / rate(py) >= 5 ? "met" : "MISSED"))
    } else {
        print(String(format: "  image pHash, 12 MP JPEG: kho %.1f images/s on 1 core, %.1f on all; imagehash not installed (make bench installs it)", rate(kho1), rate(khoAll)))
    }

    // 2. Neighbour queries in an index of 1,000,000 random 64-bit hashes.
    var rng = SystemRandomNumberGenerator()
    var index = HammingIndex()
    let size = quick ? 100_000 : 1_000_000
    for _ in 0..<size { index.insert(UInt64.random(in: 0...UInt64.max, using: &rng)) }
    var latencies: [Double] = []
    for q in 0..<2000 {
        // Half the queries near a stored hash, half anywhere.
        var h = q % 2 == 0 ? index.hashes[Int.random(in: 0..<size, using: &rng)] : UInt64.random(in: 0...UInt64.max, using: &rng)
        if q % 2 == 0 { for _ in 0..<Int.random(in: 0...8, using: &rng) { h ^= 1 << UInt64.random(in: 0..<64, using: &rng) } }
        let t = DispatchTime.now()
        _ = index.neighbours(of: h, radius: SimilarityPreset.default.imageBits)
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e6)
    }
    latencies.sort()
    let p99 = latencies[latencies.count * 99 / 100]
    print(String(format: "  neighbour query, radius %d, %d hashes (multi-index hashing): p50 %.3f ms, p99 %.3f ms   target p99 ≤ 5 ms  %@",
                 SimilarityPreset.default.imageBits, size, latencies[latencies.count / 2], p99, p99 <= 5 ? "met" : "MISSED"))

    // 3. Clustering 100,000 images' hashes (a fifth of them near copies of others).
    let images = quick ? 20_000 : 100_000
    var candidates: [DedupCandidate] = []
    for i in 0..<images {
        var h = UInt64.random(in: 0...UInt64.max, using: &rng)
        if i % 5 == 4 {
            h = candidates[Int.random(in: 0..<candidates.count, using: &rng)].fingerprint.hash!
            for _ in 0..<Int.random(in: 0...6, using: &rng) { h ^= 1 << UInt64.random(in: 0..<64, using: &rng) }
        }
        var f = Fingerprint(method: .phash, status: .ok)
        f.hash = h; f.width = 4000; f.height = 3000
        candidates.append(DedupCandidate(objectID: Int64(i + 1), fingerprint: f, digest: String(format: "%064x", i), mime: "image/jpeg", kind: .image,
                                         size: 1000, firstSeenAt: "2026-11-23", name: "anh-\(i).jpg"))
    }
    let t = DispatchTime.now()
    let (clusters, _) = DedupJob.cluster(candidates, kind: .image, method: .phash, preset: .default)
    let clusterSeconds = Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9
    print(String(format: "  clustering %d images' hashes: %.2f s, %d clusters   target ≤ 30 s  %@", images, clusterSeconds, clusters.count,
                 clusterSeconds <= 30 ? "met" : "MISSED"))

    // 3b. The crop pass over the same number of photos: 28 hashes each (whole + 27 crops), a fifth
    // of them copies whose whole hash is near another's crop; then the pixel check's cost per pair.
    var grids: [[UInt64]] = []
    for i in 0..<images {
        var g = (0..<CropHashes.regions.count).map { _ in UInt64.random(in: 0...UInt64.max, using: &rng) }
        if i % 5 == 4 {
            let other = grids[Int.random(in: 0..<grids.count, using: &rng)]
            g[0] = other[Int.random(in: 1..<other.count, using: &rng)]
            for _ in 0..<Int.random(in: 0...6, using: &rng) { g[0] ^= 1 << UInt64.random(in: 0..<64, using: &rng) }
        }
        grids.append(g)
    }
    let tc = DispatchTime.now()
    let cropPairs = CropPass.candidatePairs(grids)
    let cropSeconds = Double(DispatchTime.now().uptimeNanoseconds - tc.uptimeNanoseconds) / 1e9
    print(String(format: "  crop-hash candidates among %d photos (28 hashes each, radius %d): %.2f s, %d pairs; with the clustering above %.1f s   target ≤ 60 s  %@",
                 images, CropPass.radius, cropSeconds, cropPairs.count, clusterSeconds + cropSeconds, clusterSeconds + cropSeconds <= 60 ? "met" : "MISSED"))
    if case .success(let a) = ImagePixels.grey(path: corpus + "/images/photos/DSCN0010.jpg", side: 256, fit: true),
       case .success(let b) = ImagePixels.grey(path: corpus + "/images/photos/DSCN0012.jpg", side: 256, fit: true) {
        let match = CropHashes.match(CropHashes.grid(a), CropHashes.grid(b))
        let rounds = quick ? 20 : 100
        let tv = DispatchTime.now()
        for _ in 0..<rounds { _ = CropVerifier.correlation(a, b, match: match) }
        let perPair = Double(DispatchTime.now().uptimeNanoseconds - tv.uptimeNanoseconds) / 1e6 / Double(rounds)
        let tg = DispatchTime.now()
        for _ in 0..<rounds { _ = CropHashes.grid(a) }
        let perGrid = Double(DispatchTime.now().uptimeNanoseconds - tg.uptimeNanoseconds) / 1e6 / Double(rounds)
        print(String(format: "  crop pass per photo: 28 hashes %.2f ms (from its 256-px decode); pixel check %.2f ms per candidate pair, one core", perGrid, perPair))
    }

    // 4. MinHash of documents: the corpus texts, many times over.
    var texts: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: corpus + "/documents") where name.hasSuffix(".txt") {
        texts.append(try String(contentsOfFile: corpus + "/documents/" + name, encoding: .utf8))
    }
    let rounds = quick ? 20 : 100
    var words = 0, bytes = 0
    let m = DispatchTime.now()
    for r in 0..<rounds {
        for text in texts {
            _ = r
            let w = text.split { !$0.isLetter && !$0.isNumber }.map { VietnameseText.folded(String($0)) }
            _ = Fingerprinter.document(words: w)
            words += w.count
            bytes += text.utf8.count
        }
    }
    let minhashSeconds = Double(DispatchTime.now().uptimeNanoseconds - m.uptimeNanoseconds) / 1e9
    print(String(format: "  document MinHash (fold, 3-word shingles, 128 hashes): %.0f documents/s, %.1f MB/s of text, one core",
                 Double(rounds * texts.count) / minhashSeconds, Double(bytes) / minhashSeconds / 1e6))
    if ProcessInfo.processInfo.environment["BENCH_KEEP"] == nil { try? FileManager.default.removeItem(atPath: root) }
}

/// A counter shared by worker threads.
final class Mutexed: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int
    init(_ value: Int) { self.value = value }
    func pop(below limit: Int) -> Int? {
        lock.withLock { guard value < limit else { return nil }; defer { value += 1 }; return value }
    }
}
