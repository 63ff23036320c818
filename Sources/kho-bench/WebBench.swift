// kho serve at scale (issue 16): a repository of generated items (100,000 by default,
// BENCH_WEB_ITEMS), kho serve on it, and wrk (Debian) on loopback: the search page and the item page
// one request at a time (their p95, the target), then the search page under 16 connections
// (requests per second and p99). wrk's time is the whole round trip on loopback, so the server's
// own time is at most that.
import KhoVocabulary
import Foundation
import KhoCatalogue

func webBench(quick: Bool) throws {
    let count = Int(ProcessInfo.processInfo.environment["BENCH_WEB_ITEMS"] ?? "") ?? (quick ? 5_000 : 100_000)
    let dir = work + "/web"
    try? FileManager.default.removeItem(atPath: dir)
    shell("'\(kho)' init --repo '\(dir)/Storage'")
    let repo = dir + "/Storage"
    let lines = try corpusLines()
    var rng = SeededGenerator(state: 16)
    let catalogue = try Catalogue(path: repo + "/catalogue.sqlite")
    let runID = try catalogue.beginRun(IngestRunRecord(command: "bench", user: "bench", host: "bench", roots: "[]", unit: nil,
                                                       startedAt: Timestamp.now()))
    FileHandle.standardError.write(Data("web: cataloguing \(count) items…\n".utf8))
    let units = ["VanPhong", "PhongQLDN", "BanTuyenGiao", "UBND-Xa-NamCuong"]
    var digests: [String] = [], queries: [String] = []
    for first in stride(from: 0, to: count, by: 500) {
        let files = (first..<min(count, first + 500)).map { i -> CataloguedFile in
            let hex = String(i, radix: 16)
            let digest = String(repeating: "0", count: 64 - hex.count) + hex
            var doc = ""
            while doc.utf8.count < Int.random(in: 800...4000, using: &rng) { doc += lines.randomElement(using: &rng)! + "\n" }
            if i % 100 == 0 {
                digests.append(digest)
                let words = doc.split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count > 2 }
                if words.count > 3 { let k = Int.random(in: 0..<(words.count - 2), using: &rng); queries.append(words[k..<(k + 2)].joined(separator: " ")) }
            }
            var f = CataloguedFile(digest: digest, size: Int64(doc.utf8.count), mime: "text/plain", kind: .document,
                                   path: "/bench/van-ban-\(i).txt", fileName: "van-ban-\(i).txt", mtime: "2026-01-01T00:00:00.000Z",
                                   unit: units[i % units.count], claimedMime: "text/plain", extMismatch: false, facts: [])
            var x = Extraction(status: .ok)
            x.text = doc
            f.extraction = x
            return f
        }
        _ = try catalogue.record(runID: runID, files: files, quarantined: [], problems: [], at: Timestamp.now())
    }
    try catalogue.optimizeSearchIndex()
    try catalogue.checkpoint()
    try catalogue.close()
    shell("echo 'bench password 2026' | '\(kho)' user add bench --role admin --password-stdin --repo '\(repo)'")

    let server = Process()
    server.executableURL = URL(fileURLWithPath: kho)
    server.arguments = ["serve", "--repo", repo, "--listen", "127.0.0.1:0"]
    let out = Pipe()
    server.standardOutput = out
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer { server.terminate(); server.waitUntilExit() }
    var printed = ""
    while !printed.contains("\n") {
        let data = out.fileHandleForReading.availableData
        if data.isEmpty { break }
        printed += String(decoding: data, as: UTF8.self)
    }
    guard let match = printed.range(of: #"http://127\.0\.0\.1:\d+"#, options: .regularExpression) else { fatalError("kho serve said: \(printed)") }
    let url = String(printed[match])
    let jar = dir + "/cookies"
    shell("curl -s -c '\(jar)' '\(url)/signin' -o /dev/null && t=$(awk '$6 == \"kho_signin\" {print $7}' '\(jar)') && "
          + "curl -s -b '\(jar)' -c '\(jar)' --data-urlencode \"csrf=$t\" -d name=bench --data-urlencode 'password=bench password 2026' '\(url)/signin' -o /dev/null")
    let session = (try String(contentsOfFile: jar, encoding: .utf8)).split(separator: "\n")
        .compactMap { line -> String? in let f = line.split(separator: "\t"); return f.count == 7 && f[5] == "kho_session" ? String(f[6]) : nil }.first
    guard let session else { fatalError("could not sign in to kho serve for the web bench") }

    let searchPaths = queries.map { "/?q=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) }
    let itemPaths = digests.map { "/item/" + $0 }
    let seconds = quick ? 3 : 10
    let search = try wrk(url, paths: searchPaths, session: session, connections: 1, seconds: seconds)
    let item = try wrk(url, paths: itemPaths, session: session, connections: 1, seconds: seconds)
    let loaded = try wrk(url, paths: searchPaths, session: session, connections: 16, seconds: seconds)
    print("")
    print("kho serve over \(count) items, wrk on loopback (\(seconds) s each)")
    print("page                      connections  requests/s  p50 ms  p95 ms  p99 ms")
    for (name, c, r) in [("search page", 1, search), ("item page", 1, item), ("search page", 16, loaded)] {
        print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + String(format: "%-12d %-11.0f %-7.1f %-7.1f %-7.1f", c, r.rps, r.p50, r.p95, r.p99))
    }
    addAbsoluteRow("kho serve: search page p95 at \(count) items", kho: search.p95, unit: "ms", limit: 50, note: "wrk, one connection, loopback")
    addAbsoluteRow("kho serve: item page p95 at \(count) items", kho: item.p95, unit: "ms", limit: 50, note: "wrk, one connection, loopback")
    addAbsoluteRow("kho serve: search page p99, 16 connections", kho: loaded.p99, unit: "ms", limit: nil,
                   note: String(format: "%.0f requests/s", loaded.rps))
    try? FileManager.default.removeItem(atPath: dir)
}

/// Runs wrk against `paths` (picked at random per request) and reads back its figures.
func wrk(_ url: String, paths: [String], session: String, connections: Int, seconds: Int) throws -> (rps: Double, p50: Double, p95: Double, p99: Double) {
    let script = work + "/web/paths.lua"
    let list = paths.map { "\"" + $0 + "\"" }.joined(separator: ",\n")
    try """
        local paths = {\(list)}
        math.randomseed(16)
        request = function() return wrk.format("GET", paths[math.random(#paths)], {["Cookie"] = "kho_session=\(session)"}) end
        done = function(summary, latency, requests)
          io.stderr:write(string.format("KHO %f %f %f %f\\n", summary.requests / (summary.duration / 1e6),
            latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
        end
        """.write(toFile: script, atomically: true, encoding: .utf8)
    let report = work + "/web/wrk.txt"
    shell("wrk -t\(min(2, connections)) -c\(connections) -d\(seconds)s -s '\(script)' '\(url)' > /dev/null 2> '\(report)'")
    let line = (try String(contentsOfFile: report, encoding: .utf8)).split(separator: "\n").first { $0.hasPrefix("KHO ") } ?? ""
    let v = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard v.count == 4 else { fatalError("wrk said: \((try? String(contentsOfFile: report, encoding: .utf8)) ?? "")") }
    return (v[0], v[1], v[2], v[3])
}
