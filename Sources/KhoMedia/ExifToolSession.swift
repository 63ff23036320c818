import CKhoSys
import Foundation
import Glibc

/// exiftool kept running (`-stay_open True -@ -`): Perl and exiftool's modules load once per kho
/// process instead of once per file — 170 ms a start, most of what a photo without EXIF cost to
/// ingest. Requests go in as argument lines ending in `-execute`; the answer ends at `{ready}`.
/// A request that takes longer than its time limit kills the process; the next one starts anew.
final class ExifToolSession: @unchecked Sendable {
    private let process = Process()
    private let input: FileHandle
    private let output: FileHandle
    private(set) var alive = true
    var processIdentifier: Int32 { process.processIdentifier }

    init?(memoryLimit: Int) {
        guard let exiftool = ExternalTool.find("exiftool") else { return nil }
        let stdin = Pipe(), stdout = Pipe()
        // exiftool -stay_open never ends by itself (at the end of its input it waits for more):
        // it is killed when kho ends, however kho ends (setpriv's parent-death signal), and
        // capped in memory (prlimit) like every tool kho runs.
        var command = [exiftool, "-stay_open", "True", "-@", "-"]
        if let prlimit = ExternalTool.find("prlimit") { command = [prlimit, "--data=\(memoryLimit)", "--"] + command }
        if let setpriv = ExternalTool.find("setpriv") { command = [setpriv, "--pdeathsig", "KILL", "--"] + command }
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        // The parent-death signal follows the thread that started the child, not the process:
        // sessions start on one thread that lives as long as kho.
        input = stdin.fileHandleForWriting
        output = stdout.fileHandleForReading
        let process = self.process
        guard Spawner.shared.run({ (try? process.run()) != nil }) else { alive = false; return nil }
    }

    deinit { stop() }

    private func stop() {
        guard alive else { return }
        alive = false
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? input.close()
        process.waitUntilExit()
    }

    /// exiftool's answer to one request (its stdout), or nil when it failed or ran out of time.
    func run(_ arguments: [String], timeout: Double) -> Data? {
        let request = (arguments + ["-execute", ""]).joined(separator: "\n")
        let bytes = Array(request.utf8)
        guard kho_write_all_nosigpipe(input.fileDescriptor, bytes, UInt(bytes.count)) == bytes.count else { stop(); return nil }
        // One request at a time, and a session that overran is killed: the answer is everything
        // exiftool writes until the "{ready}" line that ends it.
        let marker = Array("{ready}\n".utf8)
        let deadline = kho_wall_seconds() + timeout
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while !answer.suffix(marker.count).elementsEqual(marker) {
            let left = deadline - kho_wall_seconds()
            guard left > 0, kho_wait_readable(output.fileDescriptor, -1, Int32(min(left, 60) * 1000)) > 0 else {
                if left <= 0 { stop(); return nil }
                continue
            }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(output.fileDescriptor, $0.baseAddress, $0.count) }
            guard n > 0 else { stop(); return nil }  // exiftool ended (crashed, or its memory cap)
            answer.append(contentsOf: chunk[..<n])
            if answer.count > 16 << 20 { stop(); return nil }
        }
        return Data(answer.dropLast(marker.count))
    }

    // MARK: - The sessions of this process

    private static let lock = NSLock()
    nonisolated(unsafe) private static var idle: [ExifToolSession] = []

    /// Runs exiftool with `arguments` (the file last) in an idle session, starting one when none
    /// is idle (one per thread asking at once). Arguments holding a line break cannot be sent as
    /// argument lines: those, and a machine where the session cannot start, get a child process.
    static func run(_ arguments: [String], timeout: Double, maxOutput: Int) -> Data? {
        if arguments.contains(where: { $0.contains("\n") || $0.contains("\r") }) {
            return oneShot(arguments, timeout: timeout, maxOutput: maxOutput)
        }
        let session = lock.withLock { idle.popLast() } ?? ExifToolSession(memoryLimit: 1 << 30)
        guard let session else { return oneShot(arguments, timeout: timeout, maxOutput: maxOutput) }
        let answer = session.run(arguments, timeout: timeout)
        if session.alive { lock.withLock { idle.append(session) } }
        return answer.map { $0.count > maxOutput ? $0.prefix(maxOutput) : $0 }
    }

    /// A thread that lives as long as the process and starts the sessions' children.
    private final class Spawner: @unchecked Sendable {
        static let shared = Spawner()
        private let condition = NSCondition()
        private var work: [() -> Void] = []

        private init() {
            let thread = Thread { [unowned self] in
                while true {
                    condition.lock()
                    while work.isEmpty { condition.wait() }
                    let next = work.removeFirst()
                    condition.unlock()
                    next()
                }
            }
            thread.name = "kho exiftool spawner"
            thread.start()
        }

        func run(_ body: @escaping () -> Bool) -> Bool {
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result = false
            condition.withLock {
                work.append { result = body(); done.signal() }
                condition.signal()
            }
            done.wait()
            return result
        }
    }

    private static func oneShot(_ arguments: [String], timeout: Double, maxOutput: Int) -> Data? {
        guard let out = try? ExternalTool.run("exiftool", arguments, timeout: timeout, maxOutput: maxOutput, memoryLimit: 1 << 30),
              !out.timedOut else { return nil }
        return out.stdout
    }
}
