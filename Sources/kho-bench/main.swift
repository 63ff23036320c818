// kho-bench: measures kho against the plain tools a person would otherwise use, in the same run.
//
//   make bench                      all workloads
//   make bench BENCH_ARGS="--quick"  smaller trees (a smoke run)
//
// Each workload is generated once (distinct pseudo-random bytes), then timed `--runs` times for
// each contender with the page cache warm for all of them; the table shows medians.
import Foundation
import Glibc

struct Measurement {
    var seconds: Double
    var maxRSSKiB: Int
}

/// Runs a command to completion; wall time and its peak resident memory (wait4's rusage).
func measure(_ argv: [String], quiet: Bool = true) -> Measurement {
    var pid: pid_t = 0
    var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    if quiet {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    }
    let cargs = argv.map { strdup($0) } + [nil]
    defer { cargs.forEach { free($0) } }
    let start = DispatchTime.now()
    guard posix_spawnp(&pid, argv[0], &actions, nil, cargs, environ) == 0 else {
        fatalError("cannot start \(argv[0])")
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    posix_spawn_file_actions_destroy(&actions)
    let exit = (status >> 8) & 0xff
    if status & 0x7f != 0 || exit != 0 { fatalError("\(argv.joined(separator: " ")) failed with status \(status)") }
    return Measurement(seconds: seconds, maxRSSKiB: usage.ru_maxrss)
}

func shell(_ command: String) { _ = measure(["/bin/sh", "-c", command]) }

func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }

/// The start of a JFIF file: what a camera's or a phone's photo begins with.
let jpegHeader: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00,
                           0x00, 0x48, 0x00, 0x48, 0x00, 0x00]

/// Writes `count` bytes of xorshift output (distinct per seed) to `path`, after `header`.
func writeRandomFile(_ path: String, count: Int, seed: UInt64, header: [UInt8] = []) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    precondition(fd >= 0, "cannot create \(path)")
    _ = header.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var x = seed &* 0x9E3779B97F4A7C15 | 1
    let chunk = 1 << 20
    var buffer = [UInt64](repeating: 0, count: chunk / 8)
    var left = count - header.count
    while left > 0 {
        for i in buffer.indices { x ^= x << 13; x ^= x >> 7; x ^= x << 17; buffer[i] = x }
        let n = min(left, chunk)
        _ = buffer.withUnsafeBytes { write(fd, $0.baseAddress, n) }
        left -= n
    }
    close(fd)
}

struct Workload {
    let name: String
    let files: Int
    let bytes: Int
    let target: Double
    let make: (String) -> Void
}

var arguments = CommandLine.arguments.dropFirst()
let quick = arguments.contains("--quick")
let runs = quick ? 1 : 3
let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let kho = exe.appendingPathComponent("kho").path
let work = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? FileManager.default.currentDirectoryPath + "/.build/bench-work"
try? FileManager.default.removeItem(atPath: work)
try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)

let largeCount = quick ? 2 : 8
let largeSize = 128 << 20
let smallCount = quick ? 1000 : 10_000
var drawn: [Int] = []
var rng = SystemRandomNumberGenerator()
for _ in 0..<smallCount { drawn.append(Int.random(in: 10_000...100_000, using: &rng)) }
let sizes = drawn

/// 10,000 files in 20 unit folders of 5 sub-folders each, sizes drawn once for both variants.
func smallTree(_ dir: String, ext: String, header: [UInt8], sizes: [Int]) {
    for (i, size) in sizes.enumerated() {
        let sub = "\(dir)/unit-\(i % 20)/\(i % 100)"
        if i < 100 { try? FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true) }
        writeRandomFile("\(sub)/anh-\(i).\(ext)", count: size, seed: UInt64(1000 + i), header: header)
    }
}

let workloads = [
    Workload(name: "large files (\(largeCount) × 128 MiB)", files: largeCount, bytes: largeCount * largeSize, target: 1.2) { dir in
        for i in 0..<largeCount { writeRandomFile("\(dir)/video-\(i).bin", count: largeSize, seed: UInt64(i + 1)) }
    },
    Workload(name: "small photos (\(smallCount) × 10–100 KB)", files: smallCount, bytes: sizes.reduce(0, +), target: 2.5) { dir in
        smallTree(dir, ext: "jpg", header: jpegHeader, sizes: sizes)
    },
    // Random bytes make libmagic try every test before giving up: its worst case.
    Workload(name: "small random (\(smallCount) × 10–100 KB)", files: smallCount, bytes: sizes.reduce(0, +), target: 2.5) { dir in
        smallTree(dir, ext: "bin", header: [], sizes: sizes)
    },
]

struct Row { let workload: Workload; let cp: Double; let cpSync: Double; let kho: Double; let khoRSS: Int }
var rows: [Row] = []
for workload in workloads {
    let tree = work + "/tree"
    try? FileManager.default.removeItem(atPath: tree)
    try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
    FileHandle.standardError.write(Data("generating \(workload.name)…\n".utf8))
    workload.make(tree)
    shell("sync")
    var cp: [Double] = [], cpSync: [Double] = [], k: [Double] = []
    var rss = 0
    // Nothing is deleted until a workload is done: on ext4, creating files right after a mass
    // delete is slow for ~30 s (inode allocation skips recently freed inodes), which would
    // penalise whichever contender came next.
    for run in 0..<runs {
        FileHandle.standardError.write(Data("  run \(run + 1)/\(runs)\n".utf8))
        // The contenders take turns going first, so drift in the machine's state hits each alike.
        let contenders: [() -> Void] = [
            { shell("sync"); cp.append(measure(["cp", "-r", tree, "\(work)/copy-\(run)"]).seconds) },
            { shell("sync"); cpSync.append(measure(["/bin/sh", "-c", "cp -r '\(tree)' '\(work)/copy-sync-\(run)' && sync"]).seconds) },
            {
                _ = measure([kho, "init", "--repo", "\(work)/repo-\(run)"])
                shell("sync")
                let m = measure([kho, "ingest", "--repo", "\(work)/repo-\(run)", tree])
                k.append(m.seconds)
                rss = max(rss, m.maxRSSKiB)
            },
        ]
        for i in 0..<contenders.count { contenders[(i + run) % contenders.count]() }
    }
    rows.append(Row(workload: workload, cp: median(cp), cpSync: median(cpSync), kho: median(k), khoRSS: rss))
    if ProcessInfo.processInfo.environment["BENCH_KEEP"] == nil {
        shell("rm -rf '\(work)'/copy-* '\(work)'/repo-* '\(tree)' && sync")
        // ext4 is slow to create files for ~30 s after a mass delete; let that pass.
        if !quick { sleep(35) }
    }
}

func col(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
let header = ["workload", "files", "MB", "cp -r s", "cp+sync s", "kho s", "kho/cp", "kho/(cp+sync)", "files/s", "MB/s", "peak RSS", "target", "verdict"]
let widths = [32, 7, 7, 8, 10, 7, 7, 14, 9, 7, 9, 7, 7]
print("kho ingest vs cp -r (median of \(runs), page cache warm, \(ProcessInfo.processInfo.activeProcessorCount) cores)")
print(zip(header, widths).map { col($0, $1) }.joined(separator: " "))
for r in rows {
    let mb = Double(r.workload.bytes) / 1e6
    let ratio = r.kho / r.cp
    let cells = [
        r.workload.name, String(r.workload.files), String(format: "%.0f", mb), String(format: "%.2f", r.cp),
        String(format: "%.2f", r.cpSync), String(format: "%.2f", r.kho), String(format: "%.2f×", ratio),
        String(format: "%.2f×", r.kho / r.cpSync), String(format: "%.0f", Double(r.workload.files) / r.kho),
        String(format: "%.0f", mb / r.kho), "\(r.khoRSS / 1024) MiB", String(format: "≤%.1f×", r.workload.target),
        ratio <= r.workload.target ? "met" : "MISSED",
    ]
    print(zip(cells, widths).map { col($0, $1) }.joined(separator: " "))
}
