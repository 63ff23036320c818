import Foundation
import Glibc
import KhoCatalogue
import KhoStore
import KhoTestSupport
import Testing
@testable import KhoKit

@Suite("The watch folder", .serialized)
struct WatchTests {
    @Test("the exact/ corpus dropped in: units from folders, one object per content, NFC and NFD names both moved to done/")
    func exactCorpus() throws {
        let h = try WatchHarness()
        let truth = try TestSupport.readTSV("exact/truth.tsv")
        for row in truth {
            let source = TestSupport.corpusPath(row["path"]!)
            let relative = String(decoding: Array(row["path"]!.utf8).dropFirst("exact/".utf8.count), as: UTF8.self)
            try h.drop(relative, Array(try Data(contentsOf: URL(fileURLWithPath: source))))
        }
        h.start(h.settings())
        #expect(h.waitUntil(20) { h.files(under: h.inbox).isEmpty && h.entries.count == 5 })
        #expect(h.stopAndWait())
        #expect(h.failure == nil)

        #expect(try h.count("SELECT count(*) FROM objects") == 3)
        #expect(try h.count("SELECT count(*) FROM sources") == 5)
        #expect(try h.count("SELECT count(*) FROM sources WHERE unit = 'VanPhong'") == 3)
        #expect(try h.count("SELECT count(*) FROM sources WHERE unit = 'PhongQLDN'") == 2)
        #expect(try h.count("SELECT count(*) FROM watch_journal WHERE state = 'done'") == 5)
        #expect(Set(h.entries.map(\.result)) == [.added, .duplicate])
        let date = InboxLayout.today()
        for row in truth {
            let relative = String(decoding: Array(row["path"]!.utf8).dropFirst("exact/".utf8.count), as: UTF8.self)
            let unit = String(relative.prefix { $0 != "/" })
            let name = (relative as NSString).lastPathComponent
            let moved = h.done + "/" + unit + "/" + date + "/" + name
            // Byte-exact: the NFD name must arrive as NFD, beside its NFC twin.
            #expect(h.files(under: h.done).contains { Array($0.utf8) == Array(moved.utf8) }, "\(relative)")
            #expect(try TestSupport.sha256sum(moved) == row["sha256"])
            let entry = h.entries.first { Array($0.path.utf8) == Array((h.inbox + "/" + relative).utf8) }
            #expect(entry?.digest == row["sha256"])
            #expect(entry?.unit == unit)
        }
        #expect(h.files(under: h.done).count == 5)
    }

    @Test("a file growing for 3 s is taken only after it stops changing, whole")
    func slowWriter() throws {
        let h = try WatchHarness()
        h.start(h.settings(stable: 1))
        let path = h.inbox + "/VanPhong/bao-cao-dai.txt"
        try FileManager.default.createDirectory(atPath: h.inbox + "/VanPhong", withIntermediateDirectories: true)
        var lastWrite = Date()
        for i in 0..<7 {
            // Opened, appended, closed each time: only the stability window can tell it is unfinished.
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            let chunk = Array(String(repeating: "Dòng \(i) của báo cáo chuyển đổi số.\n", count: 200).utf8)
            _ = chunk.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            lastWrite = Date()
            #expect(h.entries.isEmpty, "taken while still being written (after chunk \(i))")
            usleep(500_000)
        }
        let expected = try TestSupport.sha256sum(path)
        #expect(h.waitUntil(10) { h.entries.count == 1 })
        let takenAt = Date()
        #expect(h.stopAndWait())
        let entry = try #require(h.entries.first)
        #expect(entry.result == .added)
        #expect(entry.digest == expected)
        #expect(takenAt.timeIntervalSince(lastWrite) >= 1.0)
        #expect(try h.count("SELECT size FROM objects") == 7 * 200 * Array("Dòng 0 của báo cáo chuyển đổi số.\n".utf8).count)
    }

    @Test("a file held open by its writer is not taken, even when quiet for longer than the window")
    func openWriter() throws {
        let h = try WatchHarness()
        h.start(h.settings(stable: 0.5))
        try FileManager.default.createDirectory(atPath: h.inbox + "/VanPhong", withIntermediateDirectories: true)
        let path = h.inbox + "/VanPhong/scan.pdf"
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        let bytes = Array("%PDF-1.4\n".utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        // Unchanged for longer than the stability window, but still open: the watcher says it waits.
        #expect(h.waitUntil(10) { WatchStatus.read(repository: h.repository.root)?.queue.first?.reason == .open })
        #expect(h.entries.isEmpty)
        close(fd)
        #expect(h.waitUntil(5) { h.entries.count == 1 })
        #expect(h.stopAndWait())
        #expect(h.entries.first?.result == .added)
    }

    @Test("1,000 files across 5 units in a burst: each taken once, each unit's files in its done/ folder")
    func burst() throws {
        let h = try WatchHarness()
        h.start(h.settings(stable: 1))
        let units = ["VanPhong", "PhongQLDN", "PhongKinhTe", "BanTuyenGiao", "UBNDPhuong"]
        for i in 0..<1000 {
            try h.drop("\(units[i % 5])/tin-\(i).txt", Array("Tin số \(i) của \(units[i % 5]).\n".utf8))
        }
        #expect(h.waitUntil(60) { (try? h.count("SELECT count(*) FROM watch_journal WHERE state = 'done'")) == 1000 })
        #expect(h.stopAndWait())
        #expect(try h.count("SELECT count(*) FROM objects") == 1000)
        #expect(try h.count("SELECT count(*) FROM sources") == 1000)
        for unit in units {
            #expect(try h.count("SELECT count(*) FROM sources WHERE unit = '\(unit)'") == 200)
            #expect(h.files(under: h.done + "/" + unit).count == 200)
        }
        #expect(h.files(under: h.inbox).isEmpty)
        #expect(h.entries.count == 1000)
        #expect(try h.count("SELECT count(*) FROM ingest_runs WHERE command = 'watch' AND files_seen = 1000 AND objects_added = 1000 AND finished_at IS NOT NULL") == 1)
    }

    @Test("files renamed into the inbox are taken at once, without waiting for the window")
    func renamedIn() throws {
        let h = try WatchHarness()
        h.start(h.settings(stable: 60))
        let staging = h.base + "/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: h.inbox + "/PhongQLDN", withIntermediateDirectories: true)
        usleep(300_000)
        for i in 0..<3 {
            let path = staging + "/anh-\(i).txt"
            try Data("ảnh \(i)".utf8).write(to: URL(fileURLWithPath: path))
            #expect(rename(path, h.inbox + "/PhongQLDN/anh-\(i).txt") == 0)
        }
        // A folder moved in whole: its files are complete too.
        try FileManager.default.createDirectory(atPath: staging + "/Hội nghị", withIntermediateDirectories: true)
        try Data("biên bản".utf8).write(to: URL(fileURLWithPath: staging + "/Hội nghị/bien-ban.txt"))
        #expect(rename(staging + "/Hội nghị", h.inbox + "/PhongQLDN/Hội nghị") == 0)
        #expect(h.waitUntil(10) { h.entries.count == 4 })
        #expect(h.entries.allSatisfy { $0.result == .added && $0.unit == "PhongQLDN" })
        #expect(h.stopAndWait())
        #expect(try h.count("SELECT count(*) FROM objects") == 4)
        #expect(try h.repository.catalogue.tags(sourcePath: h.inbox + "/PhongQLDN/Hội nghị/bien-ban.txt") == ["Hội nghị"])
    }

    @Test("a file deleted before it is taken leaves nothing behind; a later one is taken")
    func deletedBeforeTaken() throws {
        let h = try WatchHarness()
        h.start(h.settings(stable: 1))
        try h.drop("VanPhong/nhap.txt", Array("bản nháp".utf8))
        usleep(300_000)
        #expect(unlink(h.inbox + "/VanPhong/nhap.txt") == 0)
        try h.drop("VanPhong/chinh-thuc.txt", Array("bản chính thức".utf8))
        #expect(h.waitUntil(10) { h.entries.contains { $0.name == "chinh-thuc.txt" } })
        #expect(h.waitUntilIdle())
        #expect(h.stopAndWait())
        #expect(try h.count("SELECT count(*) FROM objects") == 1)
        #expect(try h.count("SELECT count(*) FROM watch_journal") == 1)
        #expect(h.files(under: h.failed).isEmpty)
        #expect(!h.entries.contains { $0.name == "nhap.txt" && $0.result != .gone })
    }

    @Test("failures: an empty file and a disguised program go to failed/ with a note; a damaged PDF is kept, with a warning")
    func failures() throws {
        let h = try WatchHarness()
        for name in ["empty.txt", "anh-su-kien.jpg", "ke-hoach-bi-cat-giua-stream.pdf"] {
            try h.drop("PhongQLDN/" + name, Array(try Data(contentsOf: URL(fileURLWithPath: TestSupport.corpusPath("hostile/" + name)))))
        }
        h.start(h.settings(stable: 0.5))
        #expect(h.waitUntil(15) { h.entries.count == 3 })
        #expect(h.stopAndWait())
        let byName = Dictionary(uniqueKeysWithValues: h.entries.map { ($0.name, $0) })
        #expect(byName["empty.txt"]?.result == .failed)
        #expect(byName["anh-su-kien.jpg"]?.result == .quarantined)
        #expect(byName["ke-hoach-bi-cat-giua-stream.pdf"]?.result == .added)

        let emptyNote = try String(contentsOfFile: h.failed + "/PhongQLDN/empty.txt.error.txt", encoding: .utf8)
        #expect(emptyNote.contains("Why:   empty file (0 bytes): nothing to keep — check that it was copied completely"))
        let programNote = try String(contentsOfFile: h.failed + "/PhongQLDN/anh-su-kien.jpg.error.txt", encoding: .utf8)
        #expect(programNote.contains("named like an image (.jpg) but the content is a program"))
        #expect(programNote.contains("quarantine/\(byName["anh-su-kien.jpg"]!.digest!)"))
        #expect(h.files(under: h.failed).count == 4)
        // Stored and findable, its damage recorded: a success with a warning, not a failure.
        let pdf = h.done + "/PhongQLDN/" + InboxLayout.today() + "/ke-hoach-bi-cat-giua-stream.pdf"
        #expect(FileManager.default.fileExists(atPath: pdf))
        #expect(try h.count("SELECT count(*) FROM objects WHERE extract_status IN ('failed', 'partial')") == 1)
        #expect(byName["ke-hoach-bi-cat-giua-stream.pdf"]?.reason?.isEmpty == false)
        let summary = try h.repository.catalogue.journalSummary()
        #expect(summary.counts == ["added": 1, "failed": 1, "quarantined": 1])
        #expect(summary.unfinished == 0)
    }

    @Test("polling mode on a plain folder takes files too")
    func polling() throws {
        let h = try WatchHarness()
        h.start(h.settings(stable: 0.5, poll: 0.5))
        try h.drop("VanPhong/thong-bao.txt", Array("thông báo".utf8))
        #expect(h.waitUntil(10) { h.entries.count == 1 })
        let status = WatchStatus.read(repository: h.repository.root)
        #expect(status?.mode == "poll every 0.5 s")
        #expect(h.stopAndWait())
        #expect(h.entries.first?.result == .added)
        #expect(FileManager.default.fileExists(atPath: h.done + "/VanPhong/" + InboxLayout.today() + "/thong-bao.txt"))
    }

    @Test("--after keep: a file taken is not taken again after a restart, until its content changes")
    func keepAndRestart() throws {
        let h = try WatchHarness()
        try h.drop("VanPhong/lich.txt", Array("lịch công tác tuần".utf8))
        h.start(h.settings(after: .keep, stable: 0.3))
        #expect(h.waitUntil(10) { h.entries.count == 1 })
        #expect(h.stopAndWait())
        try? FileManager.default.removeItem(atPath: WatchStatus.path(repository: h.repository.root))
        h.start(h.settings(after: .keep, stable: 0.3))
        #expect(h.waitUntilIdle())
        #expect(h.entries.count == 1, "taken again after a restart")
        try h.drop("VanPhong/lich.txt", Array("lịch công tác tuần (sửa)".utf8))
        #expect(h.waitUntil(10) { h.entries.count == 2 })
        #expect(h.stopAndWait())
        #expect(try h.count("SELECT count(*) FROM objects") == 2)
        #expect(try h.count("SELECT count(*) FROM watch_journal") == 2)
        #expect(FileManager.default.fileExists(atPath: h.inbox + "/VanPhong/lich.txt"))
        #expect(!FileManager.default.fileExists(atPath: h.done))
    }

    @Test("--after delete removes the original once catalogued; ignored names are never taken")
    func deleteAndIgnore() throws {
        let h = try WatchHarness()
        for name in ["bai-viet.txt", "video.mp4.part", "~$bao-cao.docx", ".DS_Store", "Thumbs.db", "tai-ve.crdownload"] {
            try h.drop("VanPhong/" + name, Array("nội dung \(name)".utf8))
        }
        try h.drop("VanPhong/.git/config", Array("x".utf8))
        h.start(h.settings(after: .delete, stable: 0.3))
        #expect(h.waitUntil(10) { h.entries.count == 1 })
        #expect(h.waitUntilIdle())
        #expect(h.stopAndWait())
        #expect(h.entries.map(\.name) == ["bai-viet.txt"])
        #expect(!FileManager.default.fileExists(atPath: h.inbox + "/VanPhong/bai-viet.txt"))
        #expect(h.files(under: h.inbox).count == 6)
        #expect(try h.count("SELECT count(*) FROM objects") == 1)
    }

    @Test("kho.toml names units and ignore patterns; deeper folders become tags")
    func configAndTags() throws {
        let h = try WatchHarness()
        let config = try RepositoryConfig.parse("""
            [units]
            VanPhong = "Văn phòng Ban Quản lý"
            [watch]
            ignore = ["*.bak"]
            """, path: "kho.toml")
        try h.drop("VanPhong/Hội nghị 2026/Ảnh/bien-ban.txt", Array("biên bản hội nghị".utf8))
        try h.drop("VanPhong/cu.bak", Array("cũ".utf8))
        h.start(h.settings(stable: 0.3, config: config))
        #expect(h.waitUntil(10) { h.entries.count == 1 })
        #expect(h.waitUntilIdle())
        #expect(h.stopAndWait())
        let source = h.inbox + "/VanPhong/Hội nghị 2026/Ảnh/bien-ban.txt"
        #expect(h.entries.first?.unit == "Văn phòng Ban Quản lý")
        #expect(try h.repository.catalogue.tags(sourcePath: source) == ["Hội nghị 2026", "Ảnh"])
        // --tag matches as people type: without diacritics, any case.
        var filters = SearchFilters()
        filters.tag = "hoi nghi 2026"
        #expect(try h.repository.catalogue.search(try SearchQuery(parsing: "bien ban"), filters: filters).count == 1)
        filters.tag = "Hội nghị"
        #expect(try h.repository.catalogue.search(try SearchQuery(parsing: "bien ban"), filters: filters).isEmpty)
        #expect(FileManager.default.fileExists(atPath: h.done + "/VanPhong/" + InboxLayout.today() + "/Hội nghị 2026/Ảnh/bien-ban.txt"))
        #expect(FileManager.default.fileExists(atPath: h.inbox + "/VanPhong/cu.bak"))
    }

    @Test("done/ and failed/ set inside the inbox are never taken from (no loop)")
    func foldersInsideInbox() throws {
        let h = try WatchHarness()
        var config = RepositoryConfig()
        config.watch.done = h.inbox + "/_da-xu-ly"
        config.watch.failed = h.inbox + "/_loi"
        try h.drop("VanPhong/bai-1.txt", Array("bài một".utf8))
        try h.drop("VanPhong/rong.txt", [])
        h.start(h.settings(stable: 0.2, config: config))
        #expect(h.waitUntil(10) { h.entries.count == 2 })
        #expect(h.waitUntil(10) { h.files(under: h.inbox + "/_da-xu-ly").count == 1 && h.files(under: h.inbox + "/_loi").count == 2 })
        #expect(h.waitUntilIdle())
        #expect(h.stopAndWait())
        #expect(h.entries.count == 2)
        #expect(h.files(under: h.inbox + "/_da-xu-ly").count == 1)
        #expect(h.files(under: h.inbox + "/_loi").count == 2)
        #expect(try h.count("SELECT count(*) FROM watch_journal") == 2)
    }

    @Test("a second watcher on the same repository is refused with a clear reason")
    func oneWatcher() throws {
        let h = try WatchHarness()
        h.start(h.settings())
        #expect(h.waitUntil(5) { WatchLock.holder(repository: h.repository.root) != nil })
        let second = WatchJob(repository: h.repository, settings: h.settings()) { _ in }
        #expect(throws: WatchLock.Held.self) { try second.run(stop: StopSignal()) }
        #expect(WatchLock.holder(repository: h.repository.root) == "\(getpid())")
        #expect(h.stopAndWait())
        #expect(WatchLock.holder(repository: h.repository.root) == nil)
    }

    @Test("a crash between the journal and the move: the next start finishes the move, ingesting nothing again")
    func unfinishedJournalIsFinished() throws {
        let h = try WatchHarness()
        try h.drop("VanPhong/a.txt", Array("một".utf8))
        // What a watcher killed after its journal write leaves: catalogued, journal "taken", original in place.
        let ingest = IngestJob(repository: h.repository, options: .init())
        var run = try ingest.beginRun(roots: [h.inbox])
        let path = h.inbox + "/VanPhong/a.txt"
        let st = try #require(FileInfo.of(path))
        let summary = try ingest.ingest([IngestFile(path: path, fileName: "a.txt", size: st.size, unit: "VanPhong")], runID: run.id!)
        try ingest.finishRun(&run, summary: summary, finished: true)
        let destination = h.done + "/VanPhong/2026-01-01/a.txt"
        try FileManager.default.createDirectory(atPath: h.done + "/VanPhong/2026-01-01", withIntermediateDirectories: true)
        try Data("half".utf8).write(to: URL(fileURLWithPath: destination + ".kho-partial"))
        _ = try h.repository.catalogue.insertJournal([WatchJournalRecord(
            inbox: h.inbox, path: path, size: st.size, mtimeNs: st.mtimeNs,
            inode: Int64(bitPattern: st.inode), unit: "VanPhong", result: .added, digest: nil, reason: nil, after: .move,
            destination: destination, runId: run.id, takenAt: Timestamp.now())])

        h.start(h.settings(stable: 0.2))
        #expect(h.waitUntil(10) { FileManager.default.fileExists(atPath: destination) && !FileManager.default.fileExists(atPath: path) })
        #expect(h.waitUntilIdle())
        #expect(h.stopAndWait())
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: destination + ".kho-partial"))
        #expect(h.entries.isEmpty, "\(h.notices)")
        #expect(try h.count("SELECT count(*) FROM watch_journal WHERE state = 'done'") == 1)
        #expect(try h.count("SELECT count(*) FROM sources") == 1)
    }
}

@Suite("Repository settings file")
struct RepositoryConfigTests {
    @Test("a wrong value names the file, the key and what is expected")
    func errors() throws {
        #expect(throws: RepositoryConfig.Failure.self) { try RepositoryConfig.parse("[watch]\nafter = \"archive\"", path: "/r/kho.toml") }
        do {
            _ = try RepositoryConfig.parse("[watch]\nstabel = 5", path: "/r/kho.toml")
            Issue.record("an unknown key was accepted")
        } catch {
            #expect("\(error)" == "the settings file /r/kho.toml cannot be used: [watch] has an unknown key \"stabel\" (known: after, stable, poll, rescan, done, failed, ignore)")
        }
        do {
            _ = try RepositoryConfig.parse("[serve]\nanonymous_viewing = \"yes\"", path: "/r/kho.toml")
            Issue.record("a text for a switch was accepted")
        } catch {
            #expect("\(error)" == "the settings file /r/kho.toml cannot be used: [serve] anonymous_viewing must be true or false")
        }
        let serve = try RepositoryConfig.parse("[serve]\nanonymous_viewing = true\nadmins_need_second_factor = true", path: "/r/kho.toml").serve
        #expect(serve.anonymousViewing && serve.adminsNeedSecondFactor)
        do {
            _ = try RepositoryConfig.parse("[units\nA = 1", path: "/r/kho.toml")
            Issue.record("broken TOML was accepted")
        } catch {
            #expect("\(error)".hasPrefix("the settings file /r/kho.toml cannot be used: line 1: "))
        }
    }

    @Test("the sample in contrib/ (written by kho init) holds exactly the defaults")
    func sample() throws {
        let config = try RepositoryConfig.parse(RepositoryConfig.sample, path: "contrib/kho.toml")
        #expect(config.units.isEmpty)
        #expect(config.watch.after == .move)
        #expect(config.watch.stable == WatchSettings.defaultStable)
        #expect(config.watch.poll == 0)
        #expect(config.watch.rescan == WatchSettings.defaultRescan)
        #expect(config.watch.ignore == InboxLayout.defaultIgnore)
        #expect(config.serve == RepositoryConfig.ServeConfig())
        #expect(!config.serve.anonymousViewing && !config.serve.adminsNeedSecondFactor)
        let onDisk = try String(contentsOfFile: TestSupport.packageRoot.path + "/contrib/kho.toml", encoding: .utf8)
        #expect(onDisk == RepositoryConfig.sample)
        let h = try WatchHarness()
        #expect(try String(contentsOfFile: h.repository.root + "/kho.toml", encoding: .utf8) == RepositoryConfig.sample)
    }

    @Test("topic rules: folded phrases, weights, thresholds; event days with their date")
    func taxonomy() throws {
        let config = try RepositoryConfig.parse("""
            [[topic]]
            name = "Hạ tầng số"
            words = ["Băng rộng", { text = "5G", weight = 2 }]
            threshold = 4
            [[event]]
            name = "Ngày Chuyển đổi số quốc gia"
            date = "10-10"
            window = 3
            words = ["ngày chuyển đổi số quốc gia"]
            """, path: "kho.toml")
        let taxonomy = try #require(config.taxonomy)
        #expect(taxonomy.topics.first?.phrases == [["bang", "rong"], ["5g"]])
        #expect(taxonomy.topics.first?.weights == [1, 2])
        #expect(taxonomy.topics.first?.threshold == 4)
        #expect(taxonomy.events.first?.monthDay?.month == 10)
        #expect(taxonomy.events.first?.window == 3)
        #expect(throws: RepositoryConfig.Failure.self) { try RepositoryConfig.parse("[[event]]\nname = \"x\"\nwords = [\"x\"]", path: "k") }
        #expect(Taxonomy.standard.topics.count == 10)
        #expect(Taxonomy.standard.events.count == 3)
    }

    @Test("values are read, unit folder names matched whatever their normalisation")
    func values() throws {
        let config = try RepositoryConfig.parse("""
            [units]
            "Phòng" = "Phòng Kinh tế"
            [watch]
            after = "keep"
            stable = 2.5
            poll = 30
            ignore = ["*.tmp"]
            """, path: "kho.toml")
        #expect(config.watch.after == .keep)
        #expect(config.watch.stable == 2.5)
        #expect(config.watch.poll == 30)
        #expect(config.watch.ignore == ["*.tmp"])
        let layout = InboxLayout(inbox: "/in", units: config.units)
        let nfd = "Pho\u{300}ng"
        let place = try #require(layout.place(of: "/in/\(nfd)/a.jpg"))
        #expect(layout.unit(of: place) == "Phòng Kinh tế")
        #expect(layout.place(of: "/in/x/.hidden/a.jpg") == nil)
        #expect(layout.place(of: "/in/x/~$a.docx") == nil)
        #expect(layout.place(of: "/inbox2/x/a.jpg") == nil)
    }
}
