import Foundation
import Glibc
import KhoTestSupport
import Testing
@testable import KhoMedia

@Suite("exiftool kept running")
struct ExifToolSessionTests {
    static let heif = TestSupport.corpusPath("images/photos/samplefilehub.heif")

    @Test("answers request after request as a fresh exiftool would; a session whose exiftool died says so and is not reused")
    func requests() throws {
        let session = try #require(ExifToolSession(memoryLimit: 1 << 30))
        let oneShot = try ExternalTool.run("exiftool", ["-j", "-n", "-ImageWidth", "-ImageHeight", Self.heif], timeout: 30, maxOutput: 1 << 16)
        for _ in 0..<3 {
            let answer = try #require(session.run(["-j", "-n", "-ImageWidth", "-ImageHeight", Self.heif], timeout: 30))
            #expect(answer == oneShot.stdout)
        }
        // A file name with spaces and Vietnamese letters is one argument line.
        let dir = try TestSupport.scratchDirectory("kho-exiftool-session")
        let named = dir + "/ảnh hội nghị (bản 2).heif"
        try FileManager.default.copyItem(atPath: Self.heif, toPath: named)
        let answer = try #require(session.run(["-j", "-n", "-ImageWidth", named], timeout: 30))
        let decoded = try #require(try JSONSerialization.jsonObject(with: answer) as? [[String: Any]])
        #expect(decoded.first?["SourceFile"] as? String == named)
        let fresh = try #require(try JSONSerialization.jsonObject(with: oneShot.stdout) as? [[String: Any]])
        #expect(decoded.first?["ImageWidth"] as? Int == fresh.first?["ImageWidth"] as? Int)
        #expect(decoded.first?["ImageWidth"] as? Int == 640)

        kill(session.processIdentifier, SIGKILL)
        #expect(session.run(["-j", Self.heif], timeout: 30) == nil)
        #expect(!session.alive)
        // The shared sessions start a new exiftool as needed.
        #expect(ExifToolSession.run(["-j", "-n", "-ImageWidth", "-ImageHeight", Self.heif], timeout: 30, maxOutput: 1 << 16) == oneShot.stdout)
    }
}
