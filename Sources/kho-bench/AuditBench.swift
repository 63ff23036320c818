// kho audit --full against sha256sum over the same object files, in the same run; and kho audit's
// peak memory on a store four times smaller, to show it does not grow with the store.
import KhoVocabulary
import Foundation
import Glibc

func auditBench(quick: Bool) throws {
    let root = work + "/audit"
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    let runs = quick ? 1 : 3

    /// A store of `large` × 32 MiB and `small` × 256 KiB distinct objects, made with kho ingest.
    func makeStore(_ name: String, large: Int, small: Int) -> (repo: String, bytes: Int, objects: Int) {
        let tree = root + "/tree-" + name, repo = root + "/repo-" + name
        try? FileManager.default.createDirectory(atPath: tree + "/small", withIntermediateDirectories: true)
        for i in 0..<large { writeRandomFile("\(tree)/video-\(i).bin", count: 32 << 20, seed: UInt64(7000 + i)) }
        for i in 0..<small { writeRandomFile("\(tree)/small/anh-\(i).jpg", count: 256 << 10, seed: UInt64(90_000 + i), header: jpegHeader) }
        _ = measure([kho, "init", "--repo", repo])
        _ = measure([kho, "ingest", "--repo", repo, tree, "--no-previews"])
        shell("rm -rf '\(tree)'")
        return (repo, large * (32 << 20) + small * (256 << 10), large + small)
    }

    FileHandle.standardError.write(Data("audit: making a 1 GiB store and a 256 MiB one…\n".utf8))
    let big = makeStore("1g", large: quick ? 4 : 16, small: quick ? 512 : 2048)
    let quarter = makeStore("256m", large: quick ? 1 : 4, small: quick ? 128 : 512)

    func objects(_ repo: String) -> String { "find '\(repo)/objects' -type f" }
    let warm = { (repo: String) in
        shell("sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches; \(objects(repo)) -exec cat {} + > /dev/null")
    }
    let cold = { shell("sync; [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches || true") }
    let sha256sum = { (repo: String) in measure(["/bin/sh", "-c", "\(objects(repo)) -exec sha256sum {} + > /dev/null"]) }
    let audit = { (repo: String) in measureMemory([kho, "audit", "--repo", repo, "--full"]) }

    var shaWarm: [Double] = [], khoWarm: [Double] = [], shaCold: [Double] = [], khoCold: [Double] = []
    var rssBig = 0
    for run in 0..<runs {
        FileHandle.standardError.write(Data("  run \(run + 1)/\(runs)\n".utf8))
        // Taking turns, each from the same memory state: the objects cached, then not.
        let contenders: [() -> Void] = [
            { warm(big.repo); shaWarm.append(sha256sum(big.repo).seconds) },
            { warm(big.repo); let m = audit(big.repo); khoWarm.append(m.seconds); rssBig = max(rssBig, m.maxRSSKiB) },
        ]
        for i in 0..<contenders.count { contenders[(i + run) % contenders.count]() }
        cold(); shaCold.append(sha256sum(big.repo).seconds)
        cold(); khoCold.append(audit(big.repo).seconds)
    }
    warm(quarter.repo)
    let rssQuarter = audit(quarter.repo).maxRSSKiB

    let gib = Double(big.bytes) / Double(1 << 30)
    func row(_ label: String, _ k: Double, _ s: Double, target: String, met: Bool?) -> String {
        let ratio = k / s
        return "  \(label.padding(toLength: 34, withPad: " ", startingAt: 0))"
            + String(format: "%7.2f s %9.2f s   %5.2f×   %6.0f MB/s", k, s, ratio, Double(big.bytes) / k / 1e6)
            + "   \(target)" + (met.map { $0 ? "  met" : "  MISSED" } ?? "")
    }
    print("")
    print(String(format: "audit: kho audit --full vs sha256sum over the same %d object files (%.2f GiB), %d core(s), release build", big.objects, gib,
                 ProcessInfo.processInfo.activeProcessorCount))
    print("  case                                  kho     sha256sum   ratio   kho throughput   target")
    print(row("objects in the page cache", median(khoWarm), median(shaWarm), target: "≤ 0.5×", met: median(khoWarm) <= 0.5 * median(shaWarm)))
    print(row("page cache dropped (disk-bound)", median(khoCold), median(shaCold), target: "(reference)", met: nil))
    addAbsoluteRow("kho audit --full, peak memory, \(big.objects) objects", kho: Double(rssBig) / 1024, unit: "MiB", limit: 200,
                   note: String(format: "%.1f MiB at %d objects", Double(rssQuarter) / 1024, quarter.objects))
    print(String(format: "  peak memory of kho audit: %.1f MB with %d objects (%.2f GiB), %.1f MB with %d objects (%.2f GiB)",
                 Double(rssBig) / 1024, big.objects, gib, Double(rssQuarter) / 1024, quarter.objects, Double(quarter.bytes) / Double(1 << 30)))
    print("  (medians of \(runs) runs each, taking turns; sha256sum is coreutils', one core, no SHA extensions; kho uses swift-crypto on every core)")
    if ProcessInfo.processInfo.environment["BENCH_KEEP"] == nil { try? FileManager.default.removeItem(atPath: root) }
}
