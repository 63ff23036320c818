import Foundation
import Glibc
@testable import KhoMedia
import KhoTestSupport
import Testing

/// Tools kho runs are stopped whole at their time limit.
@Suite("External tools")
struct ExternalToolTests {
    @Test("a tool that started a helper of its own is stopped with the helper at its time limit (LibreOffice's soffice starts soffice.bin)")
    func stopsTheWholeGroup() throws {
        let folder = try TestSupport.scratchDirectory("external-tool")
        let started = Date()
        let out = try ExternalTool.run("sh", ["-c", "sleep 60 & echo $! > '\(folder)/helper'; sleep 60"], timeout: 1, maxOutput: 1024)
        #expect(out.timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
        let helper = try #require(pid_t(try String(contentsOfFile: folder + "/helper", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // Gone, or a zombie waiting for an init that does not reap: either way no longer running.
        #expect(TestSupport.waitUntil(5) {
            guard let stat = try? String(contentsOfFile: "/proc/\(helper)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
        })
    }
}
