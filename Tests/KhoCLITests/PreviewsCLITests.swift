import Foundation
import KhoTestSupport
import Testing

/// `kho previews`: what it says, its exit status, and `kho show` naming the preview.
@Suite("kho previews")
struct PreviewsCLITests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-previews-cli") }

    @Test("kho ingest previews what it added; kho previews lists a damaged one with its reason (exit 1), the 60000×60000 PNG not decoded")
    func previews() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let files = ["images/photos/Canon_40D.jpg", "images/broken/corrupted.jpg", "hostile/anh-poster-60000x60000.png"].map(TestSupport.corpusPath)
        // kho ingest makes the previews of what it added before it exits (the damaged one is stored, with a warning).
        let ingest = try run(["ingest", "--repo", repo] + files)
        #expect(ingest.status == 0)
        #expect(ingest.stdout.hasSuffix("\nPreviews: 1 made, 1 could not be drawn (kho previews lists why).\n"))

        let first = try run(["previews", "--repo", repo])
        #expect(first.status == 1)
        let lines = first.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        let damaged = try TestSupport.sha256sum(files[1])
        #expect(lines[0] == "  FAILED  \(damaged.prefix(12))  the picture's data could not be decoded (damaged, or too slow to decode): "
                + "VipsJpeg: Corrupt JPEG data: premature end of data segment")
        #expect(lines[1].hasPrefix("Previews: 0 made, 1 already there, 1 shown as a placeholder (a picture over the pixel limit or in a format kho "
                                   + "does not decode, an office file, an archive), 1 failed, of 3 item(s) in "))

        let json = try #require(try JSONSerialization.jsonObject(with: Data(try run(["previews", "--repo", repo, "--json"]).stdout.utf8)) as? [String: Any])
        #expect(json["made"] as? Int == 0)
        #expect(json["present"] as? Int == 1)
        #expect(json["refused"] as? Int == 1)
        #expect((json["failed"] as? [[String: Any]])?.first?["digest"] as? String == damaged)

        let photo = try TestSupport.sha256sum(files[0])
        let show = try run(["show", "--repo", repo, String(photo.prefix(12))])
        #expect(show.stdout.contains("\npreview     Storage/previews/\(photo.prefix(2))/\(photo)-1280.webp\n"))
    }
}
