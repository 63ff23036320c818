import Foundation
import Glibc
import KhoTestSupport
import Testing

/// `kho ingest --no-wait`, `kho status` and `kho ocr` around the OCR queue, with a real kill.
@Suite("kho ocr and the OCR queue")
struct OCRCLITests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-ocr-cli") }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func queue() throws -> [String: Int] {
        let status = try json(try run(["status", "--repo", repo, "--json"]).stdout)
        return try #require(status["ocr_queue"] as? [String: Any]).compactMapValues { $0 as? Int }
    }

    static let tags = ["an toàn thông tin", "cải cách hành chính", "thương mại điện tử"]

    @Test("ingest --no-wait leaves three scans queued; status shows them; kho ocr killed half-way leaves the rest; the next finishes")
    func killedHalfWay() throws {
        let input = base + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for (n, tag) in Self.tags.enumerated() { _ = try TestSupport.makeScan(in: input, name: "scan-\(n + 1)", pages: 2, tag: tag) }
        #expect(try run(["init", "--repo", repo]).status == 0)

        let ingest = try run(["ingest", "--repo", repo, input, "--no-wait"])
        #expect(ingest.status == 0)
        let lines = ingest.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.contains(": 3 new, 0 already stored, 3 to read by OCR. ") == true)
        #expect(lines.last == "3 item(s), 6 page(s), wait for OCR: the watcher reads them, or run kho ocr.")
        #expect(try queue() == ["items": 3, "pages": 6])
        let status = try run(["status", "--repo", repo])
        #expect(status.status == 1)
        let line = try #require(status.stdout.split(separator: "\n").first { $0.hasPrefix("OCR:") })
        #expect(line.hasPrefix("OCR:     3 item(s), 6 page(s), waiting since "))
        #expect(line.hasSuffix(" — run kho ocr (or start the watcher)"))
        // Words only OCR can read are not found yet; the names are.
        #expect(try json(try run(["search", "--repo", repo, "--json", "scan"]).stdout)["matched"] as? Int == 3)
        #expect(try json(try run(["search", "--repo", repo, "--json", "an toan thong tin"]).stdout)["matched"] as? Int == 0)

        // kill -9 once the first item is stored: the others stay queued.
        let ocr = Process()
        ocr.executableURL = URL(fileURLWithPath: kho)
        ocr.arguments = ["ocr", "--repo", repo]
        ocr.standardOutput = FileHandle.nullDevice
        ocr.standardError = FileHandle.nullDevice
        try ocr.run()
        #expect(TestSupport.waitUntil(60, every: 20_000) { ((try? queue()["items"]) ?? 3) < 3 })
        kill(ocr.processIdentifier, SIGKILL)
        ocr.waitUntilExit()
        let left = try queue()["items"] ?? 0
        #expect((1...2).contains(left))

        let again = try run(["ocr", "--repo", repo])
        #expect(again.status == 0)
        #expect(again.stdout.hasPrefix("OCR read \(left * 2) page(s) in "))
        #expect(again.stdout.hasSuffix(" s: \(left) with text.\n"))
        #expect(try queue() == ["items": 0, "pages": 0])
        for tag in Self.tags {
            let folded = tag.folding(options: .diacriticInsensitive, locale: nil).replacingOccurrences(of: "đ", with: "d")
            #expect(try json(try run(["search", "--repo", repo, "--json", folded]).stdout)["matched"] as? Int == 1, "\(tag)")
        }
        #expect(try run(["ocr", "--repo", repo]).stdout == "Nothing waits for OCR.\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: repo + "/tmp").isEmpty)
    }

    @Test("kho ingest waits for OCR by default and says so in its JSON")
    func ingestWaits() throws {
        let input = base + "/in"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        _ = try TestSupport.makeScan(in: input, name: "to-trinh", pages: 1, tag: "thương mại điện tử")
        #expect(try run(["init", "--repo", repo]).status == 0)
        let ingest = try run(["ingest", "--repo", repo, input, "--json"])
        #expect(ingest.status == 0)
        let report = try json(ingest.stdout)
        let ocr = try #require(report["ocr"] as? [String: Any])
        #expect(ocr["read"] as? Int == 1)
        #expect(ocr["pages"] as? Int == 1)
        #expect((report["ocr_queue"] as? [String: Any])?["items"] as? Int == 0)
        #expect((report["summary"] as? [String: Any])?["ocr_queued"] as? Int == 1)
        #expect(try json(try run(["search", "--repo", repo, "--json", "thuong mai dien tu"]).stdout)["matched"] as? Int == 1)
    }
}
