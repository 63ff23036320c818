// Helpers shared by the benchmark sections: running commands, medians, generated files.
import KhoVocabulary
import Foundation
import Glibc

struct Measurement {
    var seconds: Double
    var maxRSSKiB: Int
}

/// Runs a command to completion; wall time and its peak resident memory (wait4's rusage).
/// `failureExpected`: a non-zero exit is part of the work (kho ingest says 1 when the corpus's
/// hostile files are refused), not a broken bench.
func measure(failureExpected: Bool = false, _ argv: [String], quiet: Bool = true) -> Measurement {
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
    if status & 0x7f != 0 || (exit != 0 && !failureExpected) { fatalError("\(argv.joined(separator: " ")) failed with status \(status)") }
    return Measurement(seconds: seconds, maxRSSKiB: usage.ru_maxrss)
}

func shell(_ command: String) { _ = measure(["/bin/sh", "-c", command]) }

/// `measure` with the command's own peak memory. wait4's figure for a child started by
/// posix_spawn includes this (large) process's high-water mark — Linux keeps the largest RSS of
/// the images a process executed, and the spawned child begins in ours — so /usr/bin/time, a
/// small process, starts the command and reports its peak.
func measureMemory(_ argv: [String]) -> Measurement {
    let report = work + "/time-\(getpid()).txt"
    let m = measure(["/usr/bin/time", "-f", "%M", "-o", report] + argv)
    let kib = Int((try? String(contentsOfFile: report, encoding: .utf8))?.split(separator: "\n").last.map(String.init) ?? "") ?? 0
    try? FileManager.default.removeItem(atPath: report)
    return Measurement(seconds: m.seconds, maxRSSKiB: kib)
}

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

