import Foundation
import KhoTestSupport
import Testing

/// A repository written by a kho from before the one-level layout, used by this kho.
@Suite("An older store")
struct StoreLayoutCLITests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-old-store") }

    @Test("read where it is; the first writer says it moves the files, then everything is one folder down and the audit is clean")
    func olderStore() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let first = base + "/bien-ban.txt", second = base + "/ke-hoach.txt"
        try Data("Biên bản họp giao ban chuyển đổi số".utf8).write(to: URL(fileURLWithPath: first))
        try Data("Kế hoạch tuyên truyền Nghị quyết 57".utf8).write(to: URL(fileURLWithPath: second))
        #expect(try run(["ingest", "--repo", repo, first]).status == 0)
        // As an older kho left it: two folder levels, no objects/layout.
        let digest = try TestSupport.sha256sum(first)
        let old = repo + "/objects/sha256/\(digest.prefix(2))/\(digest.dropFirst(2).prefix(2))"
        try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: repo + "/objects/sha256/\(digest.prefix(2))/\(digest)", toPath: old + "/" + digest)
        try FileManager.default.removeItem(atPath: repo + "/objects/layout")

        let search = try run(["search", "--repo", repo, "giao ban"])
        #expect(search.status == 0)
        #expect(search.stderr == "")
        let ingest = try run(["ingest", "--repo", repo, second])
        #expect(ingest.status == 0)
        #expect(ingest.stderr.hasPrefix("kho: moving the stored files to this version's layout (objects/sha256/ab/…, one folder level); "))
        let objects = TestSupport.regularFiles(under: repo + "/objects/sha256").sorted()
        #expect(objects == [digest, try TestSupport.sha256sum(second)].map { repo + "/objects/sha256/\($0.prefix(2))/\($0)" }.sorted())
        #expect(!FileManager.default.fileExists(atPath: old))
        #expect(try run(["audit", "--repo", repo, "--full"]).status == 0)
        #expect(try run(["ingest", "--repo", repo, first]).stderr == "")
    }
}
