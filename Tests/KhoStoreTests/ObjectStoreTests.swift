import KhoVocabulary
import Foundation
import Glibc
import KhoTestSupport
import Testing
@testable import KhoStore

@Suite("Object store")
struct ObjectStoreTests {
    let root: String
    let store: ObjectStore

    init() throws {
        root = try TestSupport.scratchDirectory("kho-store") + "/repo"
        try ObjectStore.create(at: root)
        store = try ObjectStore(root: root)
    }

    private func write(_ bytes: [UInt8], named name: String) throws -> String {
        let path = (root as NSString).deletingLastPathComponent + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private func mode(_ path: String) -> mode_t { TestSupport.mode(path) }

    @Test("what is opened must be a regular file: a link is refused unless allowed, a pipe neither hangs nor passes")
    func openedMustBeRegular() throws {
        let real = try write(Array("Biên bản".utf8), named: "bien-ban.txt")
        let link = (root as NSString).deletingLastPathComponent + "/lien-ket.txt"
        #expect(symlink(real, link) == 0)
        #expect(throws: StoreError.symbolicLink(path: link)) { try store.stage(fileAt: link, headCount: 16) }
        let followed = try store.stage(fileAt: link, headCount: 16, followLink: true)
        #expect(followed.size == 11)  // "Biên bản": ê and ả are two bytes each
        store.discard(followed)
        let fifo = (root as NSString).deletingLastPathComponent + "/ong.txt"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: StoreError.notRegularFile(path: fifo)) { try store.stage(fileAt: fifo, headCount: 16) }
    }

    @Test("digests of every corpus file equal sha256sum's and MANIFEST.tsv's")
    func digestsMatchSha256sum() throws {
        let files = TestSupport.regularFiles(under: TestSupport.corpus.path)
        #expect(files.count == 92)
        let reference = try TestSupport.run("/usr/bin/sha256sum", ["--"] + files)
        #expect(reference.status == 0)
        let expected = reference.stdout.split(separator: "\n").map { String($0.prefix(64)) }
        #expect(expected.count == files.count)
        // Keyed by bytes: Swift's String equality would merge the NFC and NFD file names.
        let manifest = Dictionary(uniqueKeysWithValues: try TestSupport.readTSV("MANIFEST.tsv").map {
            (Array(TestSupport.corpusPath($0["path"]!).utf8), $0["sha256"]!)
        })
        for (i, file) in files.enumerated() {
            let staged = try store.stage(fileAt: file, headCount: 16)
            #expect(staged.digest.hex == expected[i], "\(file)")
            // The corpus README was edited after MANIFEST.tsv was written; every other row is exact.
            if let m = manifest[Array(file.utf8)], !file.hasSuffix("corpus/README.md") { #expect(staged.digest.hex == m, "\(file)") }
            store.discard(staged)
        }
    }

    @Test("an object lands at objects/sha256/ab/<hex>, read-only, once")
    func layoutAndIdempotence() throws {
        let path = try write(Array("chuyển đổi số".utf8), named: "a.txt")
        let staged = try store.stage(fileAt: path, headCount: 4)
        let expectedHex = try TestSupport.sha256sum(path)
        #expect(staged.digest.hex == expectedHex)
        #expect(staged.head == Array("chuy".utf8))
        #expect(!staged.alreadyStored)
        #expect(try store.publish(staged))
        let objectPath = root + "/objects/sha256/" + expectedHex.prefix(2) + "/" + expectedHex
        #expect(store.path(for: staged.digest) == objectPath)
        #expect(mode(objectPath) == 0o444)
        #expect(try Data(contentsOf: URL(fileURLWithPath: objectPath)) == Data("chuyển đổi số".utf8))

        // The same bytes again: recognised before any write, nothing published.
        let again = try store.stage(fileAt: path, headCount: 4)
        #expect(again.alreadyStored)
        #expect(try store.publish(again) == false)
        #expect(try store.allDigests() == [staged.digest])
        #expect(try filesInTransit().isEmpty)
    }

    @Test("files above the whole-read limit stream through, hashed as sha256sum does")
    func largeFileStreams() throws {
        var bytes = [UInt8](repeating: 0, count: ObjectStore.wholeReadLimit + 3 * 1_000_003)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 13) }
        let path = try write(bytes, named: "big.bin")
        let staged = try store.stage(fileAt: path, headCount: 100)
        #expect(staged.digest.hex == (try TestSupport.sha256sum(path)))
        #expect(staged.size == Int64(bytes.count))
        #expect(staged.head == Array(bytes.prefix(100)))
        try store.syncToDisk()
        #expect(try store.publish(staged))
        #expect(try store.verify(staged.digest) == .ok)
        // Streaming a second time finds the object after hashing and removes its temporary copy.
        let again = try store.stage(fileAt: path, headCount: 0)
        #expect(again.alreadyStored)
        #expect(try filesInTransit().isEmpty)
    }

    @Test("verify finds a flipped byte, a truncation and a missing object")
    func verifyFindsDamage() throws {
        let path = try write(Array(repeating: 7, count: 1000), named: "v.bin")
        let staged = try store.stage(fileAt: path, headCount: 0)
        try store.publish(staged)
        let objectPath = store.path(for: staged.digest)
        #expect(try store.verify(staged.digest) == .ok)

        chmod(objectPath, 0o644)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: objectPath))
        bytes[500] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: objectPath))
        guard case .corrupt(_, let size) = try store.verify(staged.digest) else { Issue.record("flip not found"); return }
        #expect(size == 1000)

        try bytes.prefix(10).write(to: URL(fileURLWithPath: objectPath))
        guard case .corrupt(_, let truncated) = try store.verify(staged.digest) else { Issue.record("truncation not found"); return }
        #expect(truncated == 10)

        unlink(objectPath)
        #expect(try store.verify(staged.digest) == .missing)
    }

    @Test("export verifies as it streams, refuses a damaged object and never overwrites")
    func exportIsVerified() throws {
        let path = try write(Array("Bình dân học vụ số".utf8), named: "e.txt")
        let staged = try store.stage(fileAt: path, headCount: 0)
        try store.publish(staged)
        let outDir = try TestSupport.scratchDirectory("kho-export")
        try store.export(staged.digest, to: outDir + "/out.txt")
        #expect(try Data(contentsOf: URL(fileURLWithPath: outDir + "/out.txt")) == Data("Bình dân học vụ số".utf8))

        #expect(throws: StoreError.self) { try store.export(staged.digest, to: outDir + "/out.txt") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: outDir + "/out.txt")) == Data("Bình dân học vụ số".utf8))

        let objectPath = store.path(for: staged.digest)
        chmod(objectPath, 0o644)
        try Data("Bình dân học vụ sô".utf8).write(to: URL(fileURLWithPath: objectPath))
        #expect {
            try store.export(staged.digest, to: outDir + "/bad.txt")
        } throws: { error in
            guard case StoreError.corruptObject(let expected, _, _) = error else { return false }
            return expected == staged.digest
        }
        #expect(!FileManager.default.fileExists(atPath: outDir + "/bad.txt"))
        #expect(try POSIX.listDirectory(outDir) == ["out.txt"])
    }

    @Test("leftovers in tmp/ are removed at the next start; a live writer's are not")
    func staleTemporaryFilesAreCleaned() throws {
        let tmp = root + "/tmp"
        let live = try sessionDirectory()
        // What a killed writer leaves: a lock nobody holds, its directory with a partial file.
        FileManager.default.createFile(atPath: tmp + "/999999-dead.lock", contents: nil)
        try FileManager.default.createDirectory(atPath: tmp + "/999999-dead", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: tmp + "/999999-dead/partial", contents: Data(count: 4096))
        FileManager.default.createFile(atPath: tmp + "/stray-file", contents: Data(count: 10))
        FileManager.default.createFile(atPath: live + "/in-flight", contents: Data(count: 10))

        let second = try ObjectStore(root: root)
        let names = Set(try POSIX.listDirectory(tmp))
        #expect(!names.contains("999999-dead"))
        #expect(!names.contains("999999-dead.lock"))
        #expect(!names.contains("stray-file"))
        #expect(FileManager.default.fileExists(atPath: live + "/in-flight"))
        #expect(names.count == 4)  // two live sessions: a directory and a lock each
        _ = second
    }

    @Test("a file that vanished or is not a regular file is refused with a plain reason")
    func vanishedAndIrregular() throws {
        let gone = (root as NSString).deletingLastPathComponent + "/da-xoa.jpg"
        #expect(throws: StoreError.notFound(path: gone)) { try store.stage(fileAt: gone, headCount: 0) }
        #expect(StoreError.notFound(path: gone).description == "\(gone): the file is gone (deleted or moved while kho was reading it)")
        #expect(throws: StoreError.notRegularFile(path: "/dev/null")) { try store.stage(fileAt: "/dev/null", headCount: 0) }
        #expect(try filesInTransit().isEmpty)
    }

    @Test("a digest prefix is 4 to 64 hex characters")
    func digestParsing() {
        #expect(Digest(hex: String(repeating: "A", count: 64))?.hex == String(repeating: "a", count: 64))
        #expect(Digest(hex: String(repeating: "g", count: 64)) == nil)
        #expect(Digest(hex: "abcd") == nil)
        #expect(Digest.isPrefix("441d"))
        #expect(!Digest.isPrefix("441"))
        #expect(!Digest.isPrefix("anh-hoi-nghi.jpg"))
        #expect(Digest.of(Data()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    private func filesInTransit() throws -> [String] {
        let session = try sessionDirectory()
        return try POSIX.listDirectory(session).flatMap { try POSIX.listDirectory(session + "/" + $0) }
    }

    private func sessionDirectory() throws -> String {
        let tmp = root + "/tmp"
        let dirs = try POSIX.listDirectory(tmp).filter { !$0.hasSuffix(".lock") }
        #expect(dirs.count == 1)
        return tmp + "/" + dirs[0]
    }
}
