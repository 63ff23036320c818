import Foundation
import Glibc
import KhoTestSupport
import Testing

/// File names that are not UTF-8 — Windows-1258 bytes from old machines and their zip files —
/// are taken, their bytes kept, shown escaped, with the likely reading beside them.
@Suite("Names that are not UTF-8", .serialized)
struct LegacyNameTests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-legacy-names") }

    /// "báo-cáo.txt" as Windows-1258 writes it (á = 0xE1).
    static let cp1258: [UInt8] = Array("b".utf8) + [0xE1] + Array("o-c".utf8) + [0xE1] + Array("o.txt".utf8)

    /// Creates a file whose name is these bytes, in `folder`.
    func create(_ folder: String, _ name: [UInt8], contents: String) throws -> [UInt8] {
        let path = Array(folder.utf8) + [UInt8(ascii: "/")] + name
        let fd = open(path.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        _ = Array(contents.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return path
    }

    /// The raw names in a folder.
    func names(in folder: String) -> [[UInt8]] { TestSupport.names(in: folder) }

    @Test("kho ingest takes the file, keeps the name's bytes, shows them escaped with the Windows-1258 reading, finds it by that reading; export gives the bytes back")
    func ingest() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let folder = base + "/cu"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try create(folder, Self.cp1258, contents: "Báo cáo tháng mười")
        let ingest = try run(["ingest", "--repo", repo, folder])
        #expect(ingest.status == 0, "\(ingest.stdout)")
        #expect(ingest.stdout.contains(": 1 new, 0 already stored."))
        let ls = try run(["ls", "--repo", repo])
        #expect(ls.stdout.contains("\"b\\xE1o-c\\xE1o.txt\" (reads as báo-cáo.txt)"))
        let show = try #require(try JSONSerialization.jsonObject(with: Data(try run(["show", "--repo", repo, "--json", ls.stdout.split(separator: "\n")[1].prefix(12).description]).stdout.utf8)) as? [String: Any])
        let source = try #require((show["sources"] as? [[String: Any]])?.first)
        #expect(source["name_reading"] as? String == "báo-cáo.txt")
        #expect(source["path_hex"] as? String == (Array(folder.utf8) + [UInt8(ascii: "/")] + Self.cp1258).map { String(format: "%02x", $0) }.joined())
        #expect(try run(["search", "--repo", repo, "bao cao"]).stdout.contains("b\\xE1o-c\\xE1o.txt"))
        let out = base + "/ra"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let digest = String(ls.stdout.split(separator: "\n")[1].prefix(12))
        #expect(try run(["export", "--repo", repo, digest, "--to", out + "/"]).status == 0)
        #expect(names(in: out) == [Self.cp1258])
    }

    @Test("the watcher takes it too and moves it to done/ under the same bytes")
    func watcher() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let inbox = base + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox + "/VanPhong", withIntermediateDirectories: true)
        _ = try create(inbox + "/VanPhong", Self.cp1258, contents: "Báo cáo quý")
        let watcher = try startWatcher(inbox: inbox, ["--stable", "0"], log: base + "/watch.log")
        #expect(TestSupport.waitUntil(30) { names(in: inbox + "/VanPhong").isEmpty })
        #expect(TestSupport.stop(watcher), "SIGTERM not heard")
        let day = try #require(names(in: base + "/done/VanPhong").first)
        #expect(names(in: base + "/done/VanPhong/" + String(decoding: day, as: UTF8.self)) == [Self.cp1258])
        #expect(try String(contentsOfFile: base + "/watch.log", encoding: .utf8).contains("\"b\\xE1o-c\\xE1o.txt\"  ADDED"))
    }
}
