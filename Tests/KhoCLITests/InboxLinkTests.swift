import Foundation
import Glibc
import KhoTestSupport
import Testing

/// Nothing outside the inbox gets in: a symbolic link dropped into the shared inbox must not make
/// the service read (and publish) a file it can read elsewhere.
@Suite("Links in the inbox", .serialized)
struct InboxLinkTests: CommandLineSuite {
    let base: String
    let inbox: String
    let secret: String

    init() throws {
        base = try TestSupport.scratchDirectory("kho-inbox-links")
        inbox = base + "/inbox"
        secret = base + "/outside/mat-khau.txt"
        try FileManager.default.createDirectory(atPath: inbox + "/VanPhong", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/outside/thu-muc", withIntermediateDirectories: true)
        try "root:x:0:0 TOPSECRET\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try "TOPSECRET trong thu muc\n".write(toFile: base + "/outside/thu-muc/bi-mat.txt", atomically: true, encoding: .utf8)
    }

    func isLink(_ path: String) -> Bool { TestSupport.isLink(path) }

    func assertNothingLeaked() throws {
        let search = try run(["search", "--repo", repo, "TOPSECRET"])
        #expect(search.status == 1)
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(try run(["stats", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect(stats["objects"] as? Int == 1)
        #expect(try String(contentsOfFile: secret, encoding: .utf8) == "root:x:0:0 TOPSECRET\n")
    }

    @Test("links to a file and to a folder outside go to failed/ as links, with the reason; the real file is taken")
    func linksOutside() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(symlink(secret, inbox + "/VanPhong/danh-sach.txt") == 0)
        #expect(symlink(base + "/outside/thu-muc", inbox + "/VanPhong/thu-muc") == 0)
        try "Biên bản họp\n".write(toFile: inbox + "/VanPhong/bien-ban.txt", atomically: true, encoding: .utf8)
        let watcher = try startWatcher(inbox: inbox, ["--stable", "0"], log: base + "/watch.log")
        #expect(TestSupport.waitUntil(30) { ((try? FileManager.default.contentsOfDirectory(atPath: inbox + "/VanPhong")) ?? ["?"]).isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        #expect(isLink(base + "/failed/VanPhong/danh-sach.txt"))
        #expect(isLink(base + "/failed/VanPhong/thu-muc"))
        let note = try String(contentsOfFile: base + "/failed/VanPhong/danh-sach.txt.error.txt", encoding: .utf8)
        #expect(note.contains("Why:   a symbolic link (to \(secret)): kho does not follow links in the inbox — put the file itself there"))
        #expect(TestSupport.regularFiles(under: base + "/done").count == 1)
        try assertNothingLeaked()
    }

    @Test("a file swapped for a link while the watcher waits for it to settle is never read")
    func swappedWhileWaiting() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        try "Biên bản họp\n".write(toFile: inbox + "/VanPhong/bien-ban.txt", atomically: true, encoding: .utf8)
        let watcher = try startWatcher(inbox: inbox, ["--stable", "1.5"], log: base + "/watch.log")
        #expect(TestSupport.waitUntil(30) { TestSupport.regularFiles(under: base + "/done").count == 1 })
        // Written in place (a rename into the inbox would be taken at once).
        try Data("Báo cáo tháng\n".utf8).write(to: URL(fileURLWithPath: inbox + "/VanPhong/bao-cao.txt"))
        usleep(500_000)
        #expect(symlink(secret, inbox + "/VanPhong/.swap") == 0)
        #expect(rename(inbox + "/VanPhong/.swap", inbox + "/VanPhong/bao-cao.txt") == 0)
        #expect(TestSupport.waitUntil(30) { isLink(base + "/failed/VanPhong/bao-cao.txt") })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        try assertNothingLeaked()
    }

    @Test("kho ingest keeps its rule: a link inside the folder given is followed, one leading out is not")
    func ingestLinks() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let folder = base + "/nop"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "Kế hoạch tuyên truyền\n".write(toFile: folder + "/ke-hoach.txt", atomically: true, encoding: .utf8)
        #expect(symlink(folder + "/ke-hoach.txt", folder + "/ban-sao.txt") == 0)
        #expect(symlink(secret, folder + "/mat-khau.txt") == 0)
        let result = try run(["ingest", "--repo", repo, folder])
        #expect(result.status == 1)
        #expect(result.stdout.contains("nop/mat-khau.txt: a symbolic link pointing outside the folders given (\(secret)); not followed"))
        #expect(result.stdout.contains(": 1 new, 1 already stored, 1 failed."))
        try assertNothingLeaked()
    }
}
