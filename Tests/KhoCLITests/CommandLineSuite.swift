import Foundation
import KhoTestSupport

/// What every command-line suite has: a scratch folder (`base`), a repository path in it, and the
/// built `kho` to run there.
protocol CommandLineSuite {
    var base: String { get }
}

extension CommandLineSuite {
    var kho: String { TestSupport.productsDirectory.appendingPathComponent("kho").path }
    var repo: String { base + "/Storage" }

    /// Runs `kho` in `base` and captures what it printed.
    @discardableResult
    func run(_ args: [String], env: [String: String] = [:], input: String? = nil) throws -> TestSupport.ProcessResult {
        try TestSupport.run(kho, args, environment: env, currentDirectory: base, input: input)
    }

    /// Starts `kho watch INBOX` in the background; its stderr goes to `log`.
    func startWatcher(inbox: String, _ extra: [String] = [], log: String, environment extraEnvironment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(extraEnvironment) { $1 }
        process.executableURL = URL(fileURLWithPath: kho)
        process.arguments = ["watch", "--repo", repo, inbox] + extra
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }
}
