import Foundation

/// Shared helpers for kho's tests: the shared corpus, scratch directories, child processes.
public enum TestSupport {
    /// The package root (this file is Tests/KhoTestSupport/TestSupport.swift).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/corpus` beside the project, or KHO_CORPUS.
    public static let corpus: URL = {
        if let env = ProcessInfo.processInfo.environment["KHO_CORPUS"] { return URL(fileURLWithPath: env) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    }()

    public static func corpusPath(_ relative: String) -> String { corpus.appendingPathComponent(relative).path }

    /// `../shared/crashers`: files that once crashed kho, kept as regression inputs.
    public static func crashers() throws -> [String] {
        let folder = corpus.deletingLastPathComponent().appendingPathComponent("crashers").path
        return try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasSuffix(".md") }.sorted().map { folder + "/" + $0 }
    }

    /// Reads a corpus truth file (TSV with a header row) as dictionaries.
    public static func readTSV(_ relative: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: corpusPath(relative), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        return lines.map { row in
            var d: [String: String] = [:]
            for (i, name) in header.enumerated() where i < row.count { d[name] = row[i] }
            return d
        }
    }

    /// A fresh, empty directory for one test, under this process's scratch root.
    public static func scratchDirectory(_ label: String = "kho-test") throws -> String {
        let path = scratchRoot + "/\(label)-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every scratch directory of a test process lives under `$TMPDIR/kho-tests-<pid>`, removed when
    /// the process exits. Left to themselves the tests filled the disk (a full run leaves ~700 MB,
    /// and CI shares this machine's /tmp); a root left by a process that was killed or crashed is
    /// removed by the next run that finds its process gone.
    static let scratchRoot: String = {
        let fm = FileManager.default
        let tmp = NSTemporaryDirectory()
        for name in (try? fm.contentsOfDirectory(atPath: tmp)) ?? [] where name.hasPrefix(scratchPrefix) {
            guard let pid = pid_t(name.dropFirst(scratchPrefix.count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? fm.removeItem(atPath: tmp + name) }
        }
        let root = ownScratchRoot()
        try? fm.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { TestSupport.removeOwnScratchRoot() }
        return root
    }()

    static func removeOwnScratchRoot() {
        let root = ownScratchRoot()
        // A suite's own clean-up (WatchHarness's deinit) may still be removing part of the tree.
        for attempt in 1...3 {
            do { try FileManager.default.removeItem(atPath: root); return } catch {
                if !FileManager.default.fileExists(atPath: root) { return }
                if attempt == 3 { FileHandle.standardError.write(Data("kho tests: could not remove \(root): \(error)\n".utf8)) }
            }
        }
    }

    static let scratchPrefix = "kho-tests-"
    static func ownScratchRoot() -> String { NSTemporaryDirectory() + scratchPrefix + "\(getpid())" }

    /// The directory holding the built products (`kho`), next to the test bundle.
    public static let productsDirectory: URL = {
        if let env = ProcessInfo.processInfo.environment["KHO_BIN_DIR"] { return URL(fileURLWithPath: env) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug")
    }()

    public struct ProcessResult: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// The signal that ended it, when one did (then `status` is that signal's number).
        public var signal: Int32? = nil
    }

    /// Runs an executable to completion (killed after `timeout` seconds) and captures what it printed.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           currentDirectory: String? = nil, timeout: Double = 300, input: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let outFile = try scratchDirectory("kho-out") + "/out"
        FileManager.default.createFile(atPath: outFile + ".1", contents: nil)
        FileManager.default.createFile(atPath: outFile + ".2", contents: nil)
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile + ".1"))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile + ".2"))
        process.standardOutput = out
        process.standardError = err
        if let input {
            FileManager.default.createFile(atPath: outFile + ".0", contents: Data(input.utf8))
            process.standardInput = FileHandle(forReadingAtPath: outFile + ".0")
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let finished = waitForExit(process, seconds: timeout)
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOfFile: outFile + ".1", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: outFile + ".2", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: (outFile as NSString).deletingLastPathComponent)
        let note = finished ? "" : "kho tests: \(executable) \(arguments.joined(separator: " ")) was still running after \(Int(timeout)) s and was killed\n"
        return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: stderr + note,
                             signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil)
    }

    /// Waits for a child to end, at most `seconds`; one still running then is killed (SIGKILL), so a
    /// hung child fails its test instead of hanging the whole run. True when it ended by itself.
    @discardableResult
    public static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        var pause: useconds_t = 1_000
        while process.isRunning && Date() < deadline {
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        let ended = !process.isRunning
        if !ended { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return ended
    }

    /// Polls `condition` every `pause` µs until it holds or `seconds` pass; its last answer.
    public static func waitUntil(_ seconds: Double, every pause: useconds_t = 20_000, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(pause)
        }
        return try condition()
    }

    /// Sends `signal` and waits for the child to end (see `waitForExit`).
    @discardableResult
    public static func stop(_ process: Process, signal: Int32 = SIGTERM, seconds: Double = 30) -> Bool {
        kill(process.processIdentifier, signal)
        return waitForExit(process, seconds: seconds)
    }

    /// sha256sum's answer for a file: the reference the store must agree with.
    public static func sha256sum(_ path: String) throws -> String {
        let r = try run("/usr/bin/sha256sum", ["--", path])
        return String(r.stdout.prefix(64))
    }

    /// Every regular file under a directory (recursively), as absolute paths, sorted.
    public static func regularFiles(under root: String) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        guard let names = try? fm.subpathsOfDirectory(atPath: root) else { return [] }
        for name in names {
            var isDir: ObjCBool = false
            let full = root + "/" + name
            if fm.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue { out.append(full) }
        }
        return out.sorted()
    }
}
