import Foundation
import Glibc
import KhoTestSupport
import Testing

/// Drives the built `kho` binary as a person or a script would.
@Suite("kho command line")
struct CLITests: CommandLineSuite {
    let base: String

    init() throws {
        base = try TestSupport.scratchDirectory("kho-cli")
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func isDigest(_ value: Any?) -> Bool {
        guard let s = value as? String else { return false }
        return s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    @Test("without a repository every command exits 2 and says how to make one")
    func noRepository() throws {
        for args in [["ingest", base], ["ls"], ["stats"], ["show", "abcd"]] {
            let r = try run(args + ["--repo", repo])
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr == "kho: no kho repository at \(repo) — create one with `kho init --repo \(repo)`, or point --repo (or KHO_REPO) at an existing one\n")
        }
    }

    @Test("usage errors exit 2; --help teaches and exits 0")
    func usage() throws {
        let help = try run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("EXIT STATUS"))
        #expect(help.stdout.contains("kho ingest inbox/ --unit VanPhong"))
        #expect(try run(["ingest"]).status == 2)
        #expect(try run(["frobnicate"]).status == 2)
        #expect(try run(["ls", "--kind", "poster"]).status == 2)
        #expect(try run(["ingest", "--help"]).stdout.contains("Exit status: 0 all taken"))
    }

    @Test("a kho.toml that cannot be used stops ingest, classify and extract with its line named; nothing is taken with the standard rules instead")
    func brokenSettings() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let settings = repo + "/kho.toml"
        let good = try String(contentsOfFile: settings, encoding: .utf8)
        // A second [classify] table, as a person adding a setting at the end of the file writes it.
        try (good + "\n[classify]\nocr_images = false\n").write(toFile: settings, atomically: true, encoding: .utf8)
        let line = good.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        for args in [["ingest", TestSupport.corpusPath("documents")], ["classify", "--all"], ["extract", "--all"]] {
            let r = try run(args + ["--repo", repo])
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.hasPrefix("kho: the settings file \(settings) cannot be used: line \(line): "), "\(args): \(r.stderr)")
        }
        let stats = try json(try run(["stats", "--repo", repo, "--json"]).stdout)
        #expect(stats["objects"] as? Int == 0)
        #expect(stats["ingest_runs"] as? Int == 0)
    }

    @Test("init, ingest the corpus, show, export, stats, ls — end to end, text and JSON")
    func endToEnd() throws {
        let initial = try run(["init"], env: ["KHO_REPO": repo])
        #expect(initial.status == 0)
        #expect(initial.stdout == "Initialized an empty kho repository in \(repo)\n")
        #expect(try run(["init", "--repo", repo]).stdout == "Checked the existing kho repository in \(repo) (schema 13)\n")
        // Folders on the way are made, as git init makes them.
        let nested = base + "/o-dia-moi/kho/Storage"
        #expect(try run(["init", "--repo", nested]).stdout == "Initialized an empty kho repository in \(nested)\n")

        // The corpus holds refused files, so the status is 1 and each is named with its reason.
        let ingest = try run(["ingest", "--repo", repo, "--unit", "VanPhong", TestSupport.corpus.path, "--json"])
        #expect(ingest.status == 1)
        #expect(!ingest.stderr.contains("\u{1B}["))  // no progress line when not on a terminal
        let report = try json(ingest.stdout)
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["files_seen"] as? Int == 92)
        #expect(summary["quarantined"] as? Int == 2)
        #expect(summary["failed"] as? Int == 1)
        // zip bomb, cut PDF, cut MP4, corrupt JPEG data, two damaged EXIF blocks (the scan is read by OCR)
        #expect(summary["warnings"] as? Int == 6)
        let items = try #require(report["items"] as? [[String: Any]])
        #expect(items.count == 92)
        for item in items where item["status"] as? String != "failed" {
            #expect(Self.isDigest(item["digest"]), "\(item)")
        }
        let added = items.filter { $0["status"] as? String == "added" }.count
        #expect(summary["added"] as? Int == added)

        let text = try run(["ingest", "--repo", repo, TestSupport.corpus.path])
        #expect(text.status == 1)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines.contains("  FAILED                    \(TestSupport.corpusPath("hostile/empty.txt")): empty file (0 bytes): nothing to keep — check that it was copied completely"))
        #expect(lines.last!.hasPrefix("Ingested 92 files in "))
        #expect(lines.last!.contains(": 0 new, 89 already stored, 2 quarantined, 1 failed."))

        let photos = try run(["ingest", "--repo", repo, TestSupport.corpusPath("images/photos")])
        #expect(photos.status == 0)

        // show, by digest prefix and by path
        let digest = try TestSupport.sha256sum(TestSupport.corpusPath("images/photos/DSCN0021.jpg"))
        let show = try json(try run(["show", "--repo", repo, String(digest.prefix(8)), "--json"]).stdout)
        #expect(show["digest"] as? String == digest)
        #expect(show["kind"] as? String == "image")
        #expect(show["mime"] as? String == "image/jpeg")
        #expect(show["size"] as? Int == 157382)
        // Facts are typed: text, numbers as JSON numbers, the date taken as ISO 8601.
        let facts = try #require(show["facts"] as? [String: Any])
        #expect(facts["exif.model"] as? String == "COOLPIX P6000")
        #expect(facts["exif.date_taken"] as? String == "2008-10-22T16:38:20")
        #expect(facts["exif.orientation"] as? Int == 1)
        #expect(facts["image.width"] as? Int == 640)
        #expect(abs((facts["gps.latitude"] as? Double ?? 0) - 43.4670816666639) < 1e-9)  // exiftool -n's value
        #expect(facts["exif.f_number"] as? Double == 4.7)
        #expect((show["sources"] as? [[String: Any]])?.count == 3)
        let byPath = try json(try run(["show", "--repo", repo, TestSupport.corpusPath("exact/VanPhong/anh-hoi-nghi.jpg"), "--json"]).stdout)
        #expect(byPath["digest"] as? String == digest)
        // A refused file: show says why, where its bytes are kept, and that nothing serves them.
        let elf = try TestSupport.sha256sum(TestSupport.corpusPath("hostile/anh-su-kien.jpg"))
        let refused = try run(["show", "--repo", repo, TestSupport.corpusPath("hostile/anh-su-kien.jpg")])
        #expect(refused.status == 0)
        #expect(refused.stdout.contains("QUARANTINED named like an image (.jpg) but the content is a program (executable) (application/x-pie-executable)"))
        let refusedJSON = try json(try run(["show", "--repo", repo, String(elf.prefix(10)), "--json"]).stdout)
        #expect(refusedJSON["digest"] as? String == elf)
        #expect(refusedJSON["quarantined"] as? Bool == true)
        let unknown = try run(["show", "--repo", repo, "ffffffff"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("nothing in the catalogue matches \"ffffffff\""))

        // export: bytes out, verified, never over an existing file
        let out = base + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let export = try run(["export", "--repo", repo, String(digest.prefix(10)), "--to", out])
        #expect(export.status == 0)
        #expect(try TestSupport.sha256sum(out + "/DSCN0021.jpg") == digest)
        let again = try run(["export", "--repo", repo, String(digest.prefix(10)), "--to", out])
        #expect(again.status == 1)
        #expect(again.stderr.contains("kho never overwrites"))

        // stats and ls
        let stats = try json(try run(["stats", "--repo", repo, "--json"]).stdout)
        #expect(stats["objects"] as? Int == added)
        #expect(stats["sources"] as? Int == 89)
        #expect(stats["quarantined"] as? Int == 2)
        // The zip bomb and the cut PDF could not be read; the cut MP4 and three damaged JPEGs only in
        // part; the scan was OCR'd.
        let byStatus = try #require(stats["by_extract_status"] as? [String: Int])
        #expect(byStatus["needs-ocr"] == nil)
        #expect(byStatus["failed"] == 2)
        #expect(byStatus["partial"] == 4)
        #expect(stats["ingest_runs"] as? Int == 3)
        #expect((stats["by_unit"] as? [String: Int])?["VanPhong"] == added)
        let ls = try json(try run(["ls", "--repo", repo, "-n", "3", "--kind", "image", "--json"]).stdout)
        let listed = try #require(ls["items"] as? [[String: Any]])
        #expect(listed.count == 3)
        #expect(listed.allSatisfy { Self.isDigest($0["digest"]) && $0["kind"] as? String == "image" })
        let lsText = try run(["ls", "--repo", repo, "-n", "2"])
        #expect(lsText.stdout.split(separator: "\n").count == 3)  // a header and two items

        // search: text for people, JSON for scripts, 1 when nothing matched, 2 for an empty query
        let search = try json(try run(["search", "--repo", repo, "kho", "tai", "nguyen", "truyen", "thong", "so", "--json"]).stdout)
        let results = try #require(search["results"] as? [[String: Any]])
        #expect(results.allSatisfy { Self.isDigest($0["digest"]) })
        let planA = try TestSupport.sha256sum(TestSupport.corpusPath("documents/KH-BQL-Thai-Nguyen-truyen-thong-NQ57.txt"))
        let hit = try #require(results.prefix(4).first { $0["digest"] as? String == planA })
        #expect(hit["snippet"] as? String == "…1.4. Xây dựng và quản lý [[kho tài nguyên truyền thông số]] của Ban Quản lý các KCN,…")
        #expect(hit["tier"] as? Int == 0)
        let none = try run(["search", "--repo", repo, "khong", "co", "tu", "nay", "xyzzy"])
        #expect(none.status == 1)
        #expect(none.stdout == "Nothing matches \"khong co tu nay xyzzy\". Try fewer words, or words without diacritics.\n")
        let empty = try run(["search", "--repo", repo, "--", "--"])
        #expect(empty.status == 2)
        let photo = try run(["search", "--repo", repo, "Chinook"])
        #expect(photo.status == 0)
        #expect(photo.stdout.contains("long_description.jpg"))
        // Dates as Vietnamese write them are understood; days that do not exist are refused.
        #expect(try run(["search", "--repo", repo, "Chinook", "--ingested-from", "01/01/2020"]).status == 0)
        for impossible in ["2008-13-01", "30/02/2026", "2026-10-32", "hôm qua"] {
            let refused = try run(["search", "--repo", repo, "x", "--taken-from", impossible])
            #expect(refused.status == 2, "\(impossible)")
            #expect(refused.stderr.contains(impossible), "\(impossible)")
        }

        // extract: nothing is missing after a normal ingest; a status can be retried.
        let noneMissing = try json(try run(["extract", "--repo", repo, "--json"]).stdout)
        #expect(noneMissing["examined"] as? Int == 0)
        let retried = try json(try run(["extract", "--repo", repo, "--status", "failed", "--json"]).stdout)
        #expect(retried["by_status"] as? [String: Int] == ["failed": 2])
        #expect(try run(["extract", "--repo", repo, "--status", "bogus"]).status == 2)

        // reindex rebuilds the index from the catalogue: the same search finds the same items.
        let before = try json(try run(["search", "--repo", repo, "chuyen", "doi", "so", "-n", "100", "--json"]).stdout)
        let reindex = try json(try run(["reindex", "--repo", repo, "--json"]).stdout)
        #expect(reindex["indexed"] as? Int == added)
        let after = try json(try run(["search", "--repo", repo, "chuyen", "doi", "so", "-n", "100", "--json"]).stdout)
        let digests = { (report: [String: Any]) in Set(((report["results"] as? [[String: Any]]) ?? []).compactMap { $0["digest"] as? String }) }
        #expect(digests(before) == digests(after))
        #expect(digests(before).count >= 19)
    }

    @Test("two ingests of the same folder at once end as one would: no second object, no leftovers")
    func concurrentWriters() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let processes = (0..<2).map { _ -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: kho)
            p.arguments = ["ingest", "--repo", repo, TestSupport.corpusPath("documents"), TestSupport.corpusPath("images")]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            return p
        }
        for p in processes { try p.run() }
        for p in processes { #expect(TestSupport.waitForExit(p, seconds: 120)) }
        #expect(processes.map(\.terminationStatus) == [0, 0])
        let stats = try json(try run(["stats", "--repo", repo, "--json"]).stdout)
        let files = TestSupport.regularFiles(under: TestSupport.corpusPath("documents")) + TestSupport.regularFiles(under: TestSupport.corpusPath("images"))
        #expect(files.count == 54)
        let expected = Set(try TestSupport.run("/usr/bin/sha256sum", files).stdout.split(separator: "\n").map { $0.prefix(64) })
        #expect(stats["objects"] as? Int == expected.count)
        #expect(stats["sources"] as? Int == files.count)
        #expect(TestSupport.regularFiles(under: repo + "/objects/sha256").count == expected.count)
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo + "/tmp").isEmpty)
    }

    @Test("on a terminal a progress line is drawn and then cleared", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func progressOnTerminal() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        // script(1) gives kho a pseudo-terminal, as a person at a shell would.
        let r = try TestSupport.run("/usr/bin/script", ["-qfc", "\(kho) ingest --repo \(repo) \(TestSupport.corpusPath("images/photos"))", "/dev/null"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\r\u{1B}[Kingest: 29/29 files, "))
        #expect(r.stdout.contains("\r\u{1B}[KIngested 29 files in "))
    }

    @Test("files kho may not read are reported by name and reason; the rest go in", .enabled(if: getuid() == 0))
    func permissionDenied() throws {
        // Run as `nobody`, who must reach the binary and the files wherever the checkout lives
        // (a private 0700 home made this test fail after minutes with no output): a folder of
        // its own under /tmp, with a copy of kho in it.
        var template = Array("/tmp/kho-nobody-XXXXXX".utf8CString)
        let made = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { try? FileManager.default.removeItem(atPath: made) }
        chmod(made, 0o755)
        let binary = made + "/kho"
        try FileManager.default.copyItem(atPath: kho, toPath: binary)
        chmod(binary, 0o755)
        let reach = try TestSupport.run("/usr/sbin/runuser", ["-u", "nobody", "--", binary, "--version"], currentDirectory: "/", timeout: 30)
        try #require(reach.status == 0, "nobody cannot run \(binary) (\(reach.stderr)): the Swift runtime under \(kho) may be unreadable to others")
        let repo = made + "/Storage"
        #expect(try run(["init", "--repo", repo]).status == 0)
        let inbox = made + "/inbox"
        try FileManager.default.createDirectory(atPath: inbox + "/closed", withIntermediateDirectories: true)
        try Data("ok".utf8).write(to: URL(fileURLWithPath: inbox + "/ok.txt"))
        try Data("secret".utf8).write(to: URL(fileURLWithPath: inbox + "/secret.txt"))
        try Data("inside".utf8).write(to: URL(fileURLWithPath: inbox + "/closed/inside.txt"))
        chmod(inbox + "/secret.txt", 0)
        chmod(inbox + "/closed", 0o700)
        _ = try TestSupport.run("/bin/chown", ["-R", "nobody", repo])
        let r = try TestSupport.run("/usr/sbin/runuser", ["-u", "nobody", "--", binary, "ingest", "--repo", repo, inbox], currentDirectory: "/", timeout: 120)
        #expect(r.status == 1)
        #expect(r.stdout.contains("  FAILED                    \(inbox)/secret.txt: permission denied — ask IT to give kho read access\n"))
        #expect(r.stdout.contains("  FAILED                    \(inbox)/closed: cannot open this folder: permission denied — ask IT to give kho read access\n"))
        #expect(r.stdout.contains(": 1 new, 0 already stored, 2 failed."))
    }

    @Test("kill -9 while a file streams into the store: no partial object, no catalogue row; the next run completes")
    func killedWriterLeavesNoPartialObject() throws {
        defer { try? FileManager.default.removeItem(atPath: base) }  // 600 MB: not kept until the run ends
        #expect(try run(["init", "--repo", repo]).status == 0)
        let big = base + "/video-hoi-nghi.bin"
        let size = 300 << 20
        // Pseudo-random bytes: a real write, not a sparse file.
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var x: UInt64 = 0x9E3779B97F4A7C15
        for i in chunk.indices { x ^= x << 13; x ^= x >> 7; x ^= x << 17; chunk[i] = UInt8(truncatingIfNeeded: x) }
        FileManager.default.createFile(atPath: big, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: big))
        for i in 0..<(size >> 20) { chunk[0] = UInt8(truncatingIfNeeded: i); try handle.write(contentsOf: chunk) }
        try handle.close()

        let process = Process()
        process.executableURL = URL(fileURLWithPath: kho)
        process.arguments = ["ingest", "--repo", repo, big]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the temporary copy is partly written, then kill without warning.
        var partial: String?
        let deadline = Date().addingTimeInterval(20)
        while partial == nil && Date() < deadline && process.isRunning {
            for path in TestSupport.regularFiles(under: repo + "/tmp") where !path.hasSuffix(".lock") {
                if let n = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, n > 0, n < size {
                    partial = path
                }
            }
            usleep(1000)
        }
        TestSupport.stop(process, signal: SIGKILL)
        try #require(partial != nil, "the writer finished before it could be killed mid-file")
        #expect(process.terminationReason == .uncaughtSignal)

        #expect(TestSupport.regularFiles(under: repo + "/objects/sha256").isEmpty)
        let stats = try json(try run(["stats", "--repo", repo, "--json"]).stdout)
        #expect(stats["objects"] as? Int == 0)
        #expect(FileManager.default.fileExists(atPath: partial!))  // left behind until the next writer starts

        let again = try run(["ingest", "--repo", repo, big])
        #expect(again.status == 0)
        #expect(!FileManager.default.fileExists(atPath: partial!))
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo + "/tmp").isEmpty)
        let digest = try TestSupport.sha256sum(big)
        let objects = TestSupport.regularFiles(under: repo + "/objects/sha256")
        #expect(objects == [repo + "/objects/sha256/" + digest.prefix(2) + "/" + digest])
        #expect(try TestSupport.sha256sum(objects[0]) == digest)
        let show = try json(try run(["show", "--repo", repo, digest, "--json"]).stdout)
        #expect(show["size"] as? Int == size)
    }
}
