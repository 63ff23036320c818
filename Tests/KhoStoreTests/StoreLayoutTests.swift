import KhoVocabulary
import Foundation
import Glibc
import KhoTestSupport
import Testing
@testable import KhoStore

/// Stores written before the one-level layout (`objects/sha256/ab/cd/<hex>`) are read as they are
/// and moved to `objects/sha256/ab/<hex>` by the first writer, losing nothing.
@Suite("Object store layout")
struct StoreLayoutTests {
    let root: String
    let digests: [Digest]

    /// A store as kho wrote it before: three objects two folders down, a stray beside one, no marker.
    init() throws {
        root = try TestSupport.scratchDirectory("kho-layout") + "/repo"
        try ObjectStore.create(at: root)
        let store = try ObjectStore(root: root)
        var digests: [Digest] = []
        for text in ["Biên bản họp", "Kế hoạch 68-KH/ĐU", "Ảnh hội nghị"] {
            let path = root + "/../" + String(text.count) + ".txt"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let staged = try store.stage(fileAt: path, headCount: 4)
            try store.syncToDisk()
            #expect(try store.publish(staged))
            let old = store.twoLevelPath(for: staged.digest)
            try FileManager.default.createDirectory(atPath: (old as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(rename(store.path(for: staged.digest), old) == 0)
            digests.append(staged.digest)
        }
        self.digests = digests
        let d = digests[0].hex
        try Data("not an object".utf8).write(to: URL(fileURLWithPath: root + "/objects/sha256/\(d.prefix(2))/\(d.dropFirst(2).prefix(2))/notes.txt"))
        try FileManager.default.removeItem(atPath: root + "/objects/layout")
    }

    private var objectFiles: [String] {
        TestSupport.regularFiles(under: root + "/objects/sha256").filter { !$0.hasSuffix("notes.txt") }.sorted()
    }

    @Test("read-only, an old store is read where it is: paths, verification, the walk")
    func readsTheOldLayout() throws {
        let store = try ObjectStore(root: root, writable: false)
        for digest in digests {
            #expect(store.path(for: digest) == store.twoLevelPath(for: digest))
            #expect(try store.verify(digest) == .ok)
        }
        #expect(Set(try store.allDigests()) == Set(digests))
        var walked: [String: Digest?] = [:]
        store.walkObjectFiles { walked[$0.path] = $0.digest }
        #expect(walked.count == 4)
        #expect(walked.values.compactMap { $0 }.count == 3)
        #expect(!FileManager.default.fileExists(atPath: root + "/objects/layout"))
        #expect(store.holdsAnyObject())
    }

    @Test("the first writer moves every object up one folder, keeps the stray, and marks the store")
    func writerMovesTheStore() throws {
        let store = try ObjectStore(root: root)
        #expect(objectFiles == digests.map { store.oneLevelPath(for: $0) }.sorted())
        for digest in digests {
            #expect(store.path(for: digest) == store.oneLevelPath(for: digest))
            #expect(try store.verify(digest) == .ok)
            #expect(TestSupport.mode(store.path(for: digest)) == 0o444)
        }
        // The folder holding the stray stays, so the stray is still found; the others are gone.
        let d0 = digests[0].hex, d1 = digests[1].hex
        #expect(FileManager.default.fileExists(atPath: root + "/objects/sha256/\(d0.prefix(2))/\(d0.dropFirst(2).prefix(2))/notes.txt"))
        #expect(!FileManager.default.fileExists(atPath: root + "/objects/sha256/\(d1.prefix(2))/\(d1.dropFirst(2).prefix(2))"))
        var strays: [String] = []
        store.walkObjectFiles { if $0.digest == nil { strays.append($0.path) } }
        #expect(strays == [root + "/objects/sha256/\(d0.prefix(2))/\(d0.dropFirst(2).prefix(2))/notes.txt"])
        #expect(try String(contentsOfFile: root + "/objects/layout", encoding: .utf8) == ObjectStore.layoutText)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/objects/sha256").count == 256)
    }

    @Test("an object an older kho wrote two folders down after the move is still found, verified and walked")
    func olderWriterAfterTheMove() throws {
        let store = try ObjectStore(root: root)
        let late = store.oneLevelPath(for: digests[2])
        let old = store.twoLevelPath(for: digests[2])
        try FileManager.default.createDirectory(atPath: (old as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(rename(late, old) == 0)
        #expect(store.contains(digests[2]))
        #expect(store.path(for: digests[2]) == old)
        #expect(try store.verify(digests[2]) == .ok)
        #expect(Set(try store.allDigests()) == Set(digests))
        #expect(store.path(for: digests[1]) == store.oneLevelPath(for: digests[1]))
    }

    @Test("a move cut short (an object at both levels, another not moved yet) is finished by the next writer")
    func interruptedMove() throws {
        let old = try ObjectStore(root: root, writable: false)
        let first = old.twoLevelPath(for: digests[0])
        #expect(link(first, old.oneLevelPath(for: digests[0])) == 0)
        let store = try ObjectStore(root: root)
        #expect(objectFiles == digests.map { store.oneLevelPath(for: $0) }.sorted())
        #expect(!FileManager.default.fileExists(atPath: first))
        #expect(Set(try store.allDigests()) == Set(digests))
    }
}
