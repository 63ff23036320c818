// Search at scale: a catalogue of generated documents of 1–5 KB of Vietnamese text (lines of the
// corpus plans, shuffled), indexed through the same path as ingest, then queried.
import KhoVocabulary
import Foundation
import KhoCatalogue

/// SplitMix64: a seeded generator, so every run builds the same catalogue.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s[min(s.count - 1, Int(Double(s.count - 1) * p + 0.5))]
}

/// Lines of the corpus's plans (over 20 characters): what generated documents are made of.
func corpusLines() throws -> [String] {
    let texts = try FileManager.default.contentsOfDirectory(atPath: corpus + "/documents").filter { $0.hasSuffix(".txt") }
    let lines = try texts.flatMap { name in
        try String(contentsOfFile: corpus + "/documents/" + name, encoding: .utf8)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.count > 20 }
    }
    precondition(!lines.isEmpty, "no corpus text under \(corpus)/documents")
    return lines
}

func searchBench(quick: Bool) throws {
    // Issue 15 holds search to its target at a million documents; BENCH_SEARCH_DOCS picks another size.
    let count = Int(ProcessInfo.processInfo.environment["BENCH_SEARCH_DOCS"] ?? "") ?? (quick ? 10_000 : 1_000_000)
    let lines = try corpusLines()
    var rng = SeededGenerator(state: 57)

    let dir = work + "/search"
    // BENCH_REUSE=1 keeps the catalogue of the previous run (for profiling queries alone).
    let reuse = ProcessInfo.processInfo.environment["BENCH_REUSE"] == "1" && FileManager.default.fileExists(atPath: dir + "/catalogue.sqlite")
    if !reuse {
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }
    let catalogue = try Catalogue(path: dir + "/catalogue.sqlite")
    let runID = try catalogue.beginRun(IngestRunRecord(command: "bench", user: "bench", host: "bench", roots: "[]", unit: nil,
                                                       startedAt: Timestamp.now()))
    FileHandle.standardError.write(Data("search: indexing \(count) documents…\n".utf8))
    // Documents are made batch by batch (a million of them are 3 GB of text); every 100th is kept to
    // draw the queries from.
    var sample: [String] = []
    var totalBytes = 0
    func makeDocument() -> String {
        let target = Int.random(in: 1000...5000, using: &rng)
        var doc = ""
        while doc.utf8.count < target { doc += lines.randomElement(using: &rng)! + "\n" }
        totalBytes += doc.utf8.count
        return doc
    }
    // Start from the same memory state as the ingest section does: runs right after other heavy work
    // indexed at about half the speed of runs on a fresh memory state here.
    shell("sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches; true")
    // Reusing a catalogue: read it back in, as indexing would have left it in memory.
    if reuse { shell("cat '\(dir)'/catalogue.sqlite* > /dev/null") }
    let start = DispatchTime.now()
    let batch = 500
    for first in stride(from: 0, to: reuse ? 0 : count, by: batch) {
        let files = (first..<min(count, first + batch)).map { i -> CataloguedFile in
            let hex = String(i, radix: 16)
            let doc = makeDocument()
            if i % 100 == 0 { sample.append(doc) }
            var f = CataloguedFile(digest: String(repeating: "0", count: 64 - hex.count) + hex, size: Int64(doc.utf8.count),
                                   mime: "text/plain", kind: .document, path: "/bench/van-ban-\(i).txt", fileName: "van-ban-\(i).txt",
                                   mtime: "2026-01-01T00:00:00.000Z", unit: "Bench", claimedMime: "text/plain", extMismatch: false, facts: [])
            var x = Extraction(status: .ok)
            x.text = doc
            f.extraction = x
            return f
        }
        _ = try catalogue.record(runID: runID, files: files, quarantined: [], problems: [], at: Timestamp.now())
    }
    let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    let optimizeStart = DispatchTime.now()
    if !reuse { try catalogue.optimizeSearchIndex() }
    let optimizeSeconds = Double(DispatchTime.now().uptimeNanoseconds - optimizeStart.uptimeNanoseconds) / 1e9
    try catalogue.checkpoint()
    let dbBytes = (try FileManager.default.attributesOfItem(atPath: dir + "/catalogue.sqlite")[.size] as? Int) ?? 0

    // Queries drawn from the documents themselves.
    func words(_ doc: String) -> [String] {
        doc.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }
    if sample.isEmpty { sample = (0..<1_000).map { _ in makeDocument() } }  // a reused catalogue
    let perKind = quick ? 50 : 300
    var sets: [(String, [String])] = [("one word, folded", []), ("three words, folded", []), ("phrase with diacritics", [])]
    while sets[2].1.count < perKind {
        let w = words(sample.randomElement(using: &rng)!)
        guard w.count > 10 else { continue }
        let i = Int.random(in: 0..<(w.count - 3), using: &rng)
        sets[0].1.append(VietnameseText.folded(w[i]))
        sets[1].1.append(w[i..<(i + 3)].map(VietnameseText.folded).joined(separator: " "))
        sets[2].1.append("\"" + w[i..<(i + 3)].joined(separator: " ") + "\"")
    }
    print("")
    print("Search over \(count) documents of 1–5 KB (\(reuse ? "reused catalogue" : "\(totalBytes / count) bytes on average")), limit 20 results")
    print("indexing: \(String(format: "%.1f", buildSeconds)) s, \(String(format: "%.0f", Double(count) / buildSeconds)) documents/s (target ≥ 2000), then \(String(format: "%.1f", optimizeSeconds)) s to merge the index; database \(dbBytes / 1_000_000) MB, \(dbBytes / count) bytes per document (\(String(format: "%.2f", Double(dbBytes) / Double(totalBytes)))× the text)")
    print("query kind                 n     p50 ms   p99 ms   max ms   mean hits   target p99 ≤ 20 ms")
    for (name, queries) in sets {
        var times: [Double] = []
        var hits = 0
        for (n, text) in queries.enumerated() {
            let query = try SearchQuery(parsing: text)
            let t0 = DispatchTime.now()
            var f = SearchFilters(); f.limit = Int(ProcessInfo.processInfo.environment["BENCH_LIMIT"] ?? "20")!
            let found = try catalogue.search(query, filters: f)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6
            if n >= 5 { times.append(ms) }  // the first few warm the cache
            hits += found.count
        }
        let p99 = percentile(times, 0.99)
        print(name.padding(toLength: 26, withPad: " ", startingAt: 0)
              + String(format: " %-5d %-8.2f %-8.2f %-8.2f %-11.1f %@", times.count, percentile(times, 0.5), p99, times.max() ?? 0,
                       Double(hits) / Double(queries.count), p99 <= 20 ? "met" : "MISSED"))
        addAbsoluteRow("search p99 at \(count) documents: " + name.trimmingCharacters(in: .whitespaces), kho: p99, unit: "ms", limit: 20,
                       note: "\(dbBytes / count) bytes of catalogue per document")
    }
    if ProcessInfo.processInfo.environment["BENCH_REUSE"] == nil { try? FileManager.default.removeItem(atPath: dir) }
}
