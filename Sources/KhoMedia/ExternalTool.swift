import Foundation
import KhoVocabulary
import Glibc

/// Runs a command-line tool (pdftotext, antiword, ffprobe …) with a time limit and a cap on what it
/// may print, so a hostile file can make a tool hang or babble but never hang or flood kho.
public enum ExternalTool {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: String
        public var timedOut: Bool
        public var truncated: Bool
    }

    public enum Failure: Error, CustomStringConvertible {
        case missing(String)
        public var description: String {
            switch self {
            case .missing(let tool): return "\(tool) is not installed — run `make deps`"
            }
        }
    }

    /// The first line of what a tool said on stderr: enough for a person's reason.
    /// The first line a tool said, without the path kho gave it: that is a temporary name in the
    /// store's tmp/, meaningless to a person (the file's own name is shown beside the message).
    static func firstLine(_ s: String, hiding path: String? = nil) -> String {
        var line = String(s.split(separator: "\n").first ?? "unknown error").trimmingCharacters(in: .whitespaces)
        if let path, !path.isEmpty {
            line = line.replacingOccurrences(of: path + ": ", with: "")
            for named in ["\"\(path)\"", "'\(path)'", path] { line = line.replacingOccurrences(of: named, with: "the file") }
        }
        // ffmpeg's "[mov,mp4,m4a @ 0x5564c2cae1c0] " names a decoder and a memory address.
        if let address = line.range(of: #"^\[[^\]]* @ 0x[0-9a-f]+\] "#, options: .regularExpression) { line.removeSubrange(address) }
        return line
    }

    /// A new path in the temporary folder for a tool's files, named for this process
    /// (`kho-<label>-<pid>-<random>`); the caller removes what it makes there.
    static func scratchPath(_ label: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kho-\(label)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
    }

    /// Where a tool lives, or nil.
    public static func find(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/usr/local/bin", "/bin"] where access(dir + "/" + tool, X_OK) == 0 { return dir + "/" + tool }
        return nil
    }

    /// `memoryLimit`: bytes of data the tool may allocate (RLIMIT_DATA, set by util-linux's
    /// prlimit around it), so a hostile file cannot make a decoder eat the machine's memory.
    /// `environment`: variables set for the tool on top of kho's own.
    public static func run(_ tool: String, _ arguments: [String], timeout: Double, maxOutput: Int,
                           memoryLimit: Int? = nil, environment: [String: String] = [:]) throws -> Output {
        guard var path = find(tool) else { throw Failure.missing(tool) }
        var arguments = arguments
        if let memoryLimit, let prlimit = find("prlimit") {
            arguments = ["--data=\(memoryLimit)", "--", path] + arguments
            path = prlimit
        }
        let scratch = URL(fileURLWithPath: scratchPath("tool"))
        let outURL = scratch.appendingPathExtension("out"), errURL = scratch.appendingPathExtension("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, set in set }
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false, truncated = false
        var pause: useconds_t = 200
        while process.isRunning {
            if Date() > deadline { timedOut = true; break }
            if let size = try? FileManager.default.attributesOfItem(atPath: outURL.path)[.size] as? Int, size > maxOutput {
                truncated = true
                break
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        if process.isRunning {
            // The whole process group (Foundation starts each child as the leader of its own):
            // a tool that started helpers of its own (LibreOffice's soffice starts soffice.bin)
            // must not leave them running after it is stopped.
            kill(-process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        var stdout = (try? Data(contentsOf: outURL)) ?? Data()
        if stdout.count > maxOutput { stdout = stdout.prefix(maxOutput); truncated = true }
        let stderr = String(decoding: ((try? Data(contentsOf: errURL)) ?? Data()).prefix(2000), as: UTF8.self)
        return Output(status: timedOut || truncated ? -1 : process.terminationStatus, stdout: stdout, stderr: stderr,
                      timedOut: timedOut, truncated: truncated)
    }
}
