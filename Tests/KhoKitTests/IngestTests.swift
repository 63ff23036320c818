import Foundation
import Glibc
import KhoCatalogue
import KhoStore
import KhoKitTestSupport
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("Ingest of the shared corpus")
struct IngestCorpusTests {
    let repository: Repository
    let summary: IngestSummary
    let items: [IngestItem]

    init() throws {
        let shared = try SharedCorpusRepository.ingested
        repository = shared.repository
        summary = shared.summary
        items = shared.items
    }

    /// MANIFEST.tsv rows keyed by path bytes (NFC and NFD names are different files).
    static func manifest() throws -> [[UInt8]: [String: String]] {
        Dictionary(uniqueKeysWithValues: try TestSupport.readTSV("MANIFEST.tsv").map { (Array($0["path"]!.utf8), $0) })
    }

    func item(_ relative: String) -> IngestItem? {
        let path = Array(TestSupport.corpusPath(relative).utf8)
        return items.first { Array($0.path.utf8) == path }
    }

    @Test("every file is taken except the two disguised files and the empty one, each with its reason")
    func everyFileAccountedFor() throws {
        #expect(summary.filesSeen == 92)
        #expect(items.count == 92)
        #expect(summary.failed == 1)
        #expect(summary.quarantined == 2)
        #expect(item("hostile/empty.txt")?.status == .failed)
        #expect(item("hostile/empty.txt")?.reason == "empty file (0 bytes): nothing to keep — check that it was copied completely")
        #expect(item("hostile/anh-su-kien.jpg")?.status == .quarantined)
        #expect(item("hostile/anh-su-kien.jpg")?.reason == "named like an image (.jpg) but the content is a program (executable) (application/x-pie-executable)")
        #expect(item("hostile/van-ban.pdf")?.status == .quarantined)
        // The others in hostile/ are stored as what they are; later stages refuse to decode them.
        #expect(item("hostile/bao-cao.docx")?.status == .added)
        #expect(item("hostile/anh-poster-60000x60000.png")?.kind == .image)
        #expect(item("hostile/README.md")?.reason == "named .md but the content is text/html")
        // Broken EXIF is read as far as it goes; pixels that do not decode are said, never a crash.
        #expect(item("images/broken/corrupted.jpg")?.status == .added)
        #expect(item("images/broken/corrupted.jpg")?.extraction == .partial)
        #expect(item("images/broken/corrupted.jpg")?.reason == "partial: damaged EXIF, read what could be read (UserComment lacks its character-set marker); the picture's data could not be decoded (damaged, or too slow to decode): VipsJpeg: Corrupt JPEG data: premature end of data segment")
        #expect(item("images/broken/33-type_error.jpg")?.reason == "partial: damaged EXIF, read what could be read (ExifVersion is stored as text instead of 4 bytes, FlashpixVersion is stored as text instead of 4 bytes)")
        #expect(item("images/broken/45-gps_ifd.jpg")?.reason == "partial: damaged EXIF, read what could be read (the Interoperability block is linked twice, the GPS block points at the camera-settings block, so it holds no GPS data)")
        for name in ["33-type_error.jpg", "45-gps_ifd.jpg", "67-0_length_string.jpg", "image00971.jpg", "image01137.jpg", "image01713.jpg"] {
            #expect(item("images/broken/" + name)?.status == .added, "\(name)")
        }
        // These read cleanly, so no warning (exiftool -validate finds no damage in their EXIF either).
        for name in ["67-0_length_string.jpg", "image00971.jpg", "image01137.jpg", "image01713.jpg"] {
            #expect(item("images/broken/" + name)?.extraction == nil, "\(name)")
        }

        // Objects: one per distinct content among the files taken (MANIFEST.tsv itself is not listed in it).
        let manifest = try Self.manifest()
        var digests = Set<String>()
        for it in items where it.status == .added || it.status == .duplicate {
            let relative = String(decoding: Array(it.path.utf8).dropFirst(TestSupport.corpus.path.utf8.count + 1), as: UTF8.self)
            if let row = manifest[Array(relative.utf8)], relative != "README.md" {
                #expect(it.digest == row["sha256"], "\(relative)")
            }
            digests.insert(it.digest!)
        }
        #expect(summary.added == digests.count)
        #expect(summary.duplicates == 89 - digests.count)
        #expect(try repository.catalogue.stats().objects == digests.count)
        #expect(try repository.catalogue.stats().sources == 89)
    }

    @Test("exact/ copies collapse into the object of the file they copy (truth.tsv), NFC and NFD names kept apart")
    func exactDuplicates() throws {
        let truth = try TestSupport.readTSV("exact/truth.tsv")
        #expect(truth.count == 5)
        for row in truth {
            let copy = try #require(item(row["path"]!), "\(row["path"]!)")
            let original = try #require(item(row["same_bytes_as"]!))
            #expect(copy.digest == row["sha256"])
            #expect(original.digest == row["sha256"])
        }
        let docx = try #require(try repository.catalogue.objects(digestPrefix: "d9ca269b64fd").first)
        let sources = try repository.catalogue.details(of: docx).sources.map { Array($0.path.utf8) }
        let nfc = Array(TestSupport.corpusPath("exact/VanPhong/Kế hoạch truyền thông NQ57 (bản chính thức).docx".precomposedStringWithCanonicalMapping).utf8)
        let nfd = Array(TestSupport.corpusPath("exact/VanPhong/Kế hoạch truyền thông NQ57 (bản chính thức).docx".decomposedStringWithCanonicalMapping).utf8)
        #expect(sources.count == 3)
        #expect(sources.contains(nfc))
        #expect(sources.contains(nfd))
    }

    @Test("ingesting the whole corpus again adds no object and no source")
    func reingestAddsNothing() throws {
        let before = try repository.catalogue.stats()
        let again = try IngestJob(repository: repository, options: .init(unit: "VanPhong")).run(roots: [TestSupport.corpus.path])
        #expect(again.added == 0)
        #expect(again.duplicates == 89)
        #expect(again.bytesStored == 0)
        let after = try repository.catalogue.stats()
        #expect(after.objects == before.objects)
        #expect(after.sources == before.sources)
        #expect(after.runs == 2)
        #expect(try repository.store.allDigests().count == before.objects)
    }

    @Test("refused files sit read-only in quarantine/, never in objects/ or the catalogue")
    func quarantine() throws {
        for relative in ["hostile/anh-su-kien.jpg", "hostile/van-ban.pdf"] {
            let it = try #require(item(relative))
            let digest = try #require(it.digest)
            #expect(digest == (try TestSupport.sha256sum(TestSupport.corpusPath(relative))))
            let kept = repository.store.quarantineDirectory + "/" + digest
            #expect(TestSupport.mode(kept) == 0o444)
            #expect(!repository.store.contains(Digest(hex: digest)!))
            #expect(try repository.catalogue.objects(digestPrefix: digest).isEmpty)
            let rows = try repository.catalogue.quarantined(digestPrefix: digest, path: nil)
            #expect(rows.count == 1)
            #expect(rows.first?.reason == it.reason)
        }
    }

    @Test("every catalogued object is in the store with the right bytes, and nothing else is")
    func storeAndCatalogueAgree() throws {
        let catalogued = try repository.catalogue.allDigests()
        let stored = try repository.store.allDigests().map(\.hex).sorted()
        #expect(catalogued == stored)
        for hex in catalogued {
            #expect(try repository.store.verify(Digest(hex: hex)!) == .ok)
        }
        let tmp = try FileManager.default.contentsOfDirectory(atPath: repository.store.tmpDirectory)
        #expect(tmp.count == 2)  // this process's own session: a directory and its lock
    }

    @Test("MIME types and kinds in the catalogue come from the content")
    func typesFromContent() throws {
        let photo = try #require(item("images/photos/DSCN0021.jpg"))
        #expect(photo.mime == "image/jpeg")
        let details = try repository.catalogue.details(of: try repository.resolve(photo.digest!))
        #expect(details.facts.map { "\($0.key)=\($0.value)" } == [
            "exif.date_taken=2008:10:22 16:38:20", "exif.exposure_time=0.01044932", "exif.f_number=4.7",
            "exif.focal_length=16.6", "exif.iso=64", "exif.make=NIKON", "exif.model=COOLPIX P6000", "exif.orientation=1",
            "gps.latitude=43.467081666663894", "gps.longitude=11.884538333330555", "image.height=480", "image.width=640"])
        #expect(details.object.takenAt == "2008-10-22T16:38:20")
        #expect(details.object.extractStatus == .ok)
        #expect(item("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.doc")?.mime == "application/msword")
        #expect(item("media/podcast-binh-dan-hoc-vu-so-ky-1.mp3")?.kind == .audio)
    }
}

@Suite("Ingest of awkward inputs")
struct AwkwardInputTests {
    @Test("--unit-from-folder names each file's unit after its first folder under the root")
    func unitFromFolder() throws {
        let base = try TestSupport.scratchDirectory("kho-units")
        let inbox = base + "/inbox"
        for (folder, name) in [("VanPhong", "a.txt"), ("PhongQLDN/2026/thang-3", "b.txt")] {
            try FileManager.default.createDirectory(atPath: inbox + "/" + folder, withIntermediateDirectories: true)
            try Data("\(folder) \(name)".utf8).write(to: URL(fileURLWithPath: inbox + "/" + folder + "/" + name))
        }
        try Data("loose".utf8).write(to: URL(fileURLWithPath: inbox + "/loose.txt"))
        let repository = try Repository.initialize(at: base + "/Storage").0
        var options = IngestJob.Options(unit: "Chung")
        options.unitFromFolder = true
        _ = try IngestJob(repository: repository, options: options).run(roots: [inbox + "/"])
        #expect(try repository.catalogue.stats().units == ["VanPhong": 1, "PhongQLDN": 1, "Chung": 1])
    }

    @Test("paths are recorded absolute and clean, whatever way they were typed")
    func cleanPaths() {
        #expect(FileWalker.absolute("/a/./b/../c/") == "/a/c")
        #expect(FileWalker.absolute("/../x") == "/x")
        #expect(FileWalker.absolute("/") == "/")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(FileWalker.absolute("../shared/./corpus") == (cwd as NSString).deletingLastPathComponent + "/shared/corpus")
    }

    @Test("links out of the roots, dangling links, pipes and the repository itself are skipped with reasons")
    func walkerEdges() throws {
        let base = try TestSupport.scratchDirectory("kho-walk")
        let inbox = base + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox + "/VanPhong/sub", withIntermediateDirectories: true)
        try Data("một".utf8).write(to: URL(fileURLWithPath: inbox + "/VanPhong/a.txt"))
        try Data("hai".utf8).write(to: URL(fileURLWithPath: base + "/outside.txt"))
        symlink(base + "/outside.txt", inbox + "/VanPhong/link-out.txt")
        symlink(inbox + "/VanPhong/a.txt", inbox + "/VanPhong/sub/link-in.txt")
        symlink(inbox + "/VanPhong", inbox + "/VanPhong/sub/loop")
        symlink(base + "/gone", inbox + "/dangling.txt")
        mkfifo(inbox + "/pipe", 0o600)
        let repository = try Repository.initialize(at: inbox + "/Storage").0

        var items: [IngestItem] = []
        let summary = try IngestJob(repository: repository, options: .init()).run(roots: [inbox]) { items.append($0) }
        let byPath = Dictionary(uniqueKeysWithValues: items.map { ($0.path, $0) })
        #expect(byPath[inbox + "/VanPhong/a.txt"]?.status == .added)
        #expect(byPath[inbox + "/VanPhong/sub/link-in.txt"]?.status == .duplicate)
        #expect(byPath[inbox + "/VanPhong/link-out.txt"]?.reason == "a symbolic link pointing outside the folders given (\(base)/outside.txt); not followed")
        #expect(byPath[inbox + "/dangling.txt"]?.reason == "a symbolic link to nothing (its target is gone); skipped")
        #expect(byPath[inbox + "/pipe"]?.reason == "not a regular file (device, pipe or socket); skipped")
        #expect(items.allSatisfy { !$0.path.hasPrefix(inbox + "/Storage") })
        #expect(summary.filesSeen == 5)
        #expect(summary.failed == 3)

        // A path that vanished before the run reached it is one failure among successes.
        var second: [IngestItem] = []
        let gone = inbox + "/VanPhong/da-chuyen-di.pdf"
        let again = try IngestJob(repository: repository, options: .init()).run(roots: [inbox + "/VanPhong/a.txt", gone]) { second.append($0) }
        #expect(second.map(\.status) == [.duplicate, .failed])
        #expect(second.last?.reason == "no such file or folder")
        #expect(again.failed == 1)
        #expect(try repository.catalogue.stats().objects == 1)
    }

    @Test("a full disk fails the files that do not fit, names them, and keeps the rest", .enabled(if: getuid() == 0))
    func diskFull() throws {
        let base = try TestSupport.scratchDirectory("kho-full")
        let mountPoint = base + "/small"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try TestSupport.run("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mountPoint])
        try #require(mounted.status == 0, "mount tmpfs: \(mounted.stderr)")
        defer { _ = try? TestSupport.run("/bin/umount", [mountPoint]) }

        let inbox = base + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        for i in 0..<5 { try Data(repeating: UInt8(i), count: 100_000).write(to: URL(fileURLWithPath: inbox + "/small-\(i).bin")) }
        try Data(repeating: 9, count: 6_000_000).write(to: URL(fileURLWithPath: inbox + "/too-big.bin"))
        let repository = try Repository.initialize(at: mountPoint + "/Storage").0

        var items: [IngestItem] = []
        // One reader: with two, the big file can fill the disk while a small one is being written.
        var options = IngestJob.Options()
        options.workers = 1
        let summary = try IngestJob(repository: repository, options: options).run(roots: [inbox]) { items.append($0) }
        #expect(summary.added == 5)
        #expect(summary.failed == 1)
        let big = try #require(items.first { $0.path.hasSuffix("too-big.bin") })
        #expect(big.status == .failed)
        #expect(big.reason == "the disk holding the repository is full — free space, then run the same command again")
        #expect(try repository.catalogue.stats().objects == 5)
        #expect(try repository.store.allDigests().count == 5)
    }
}
