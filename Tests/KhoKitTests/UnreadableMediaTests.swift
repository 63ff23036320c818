import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import KhoVocabulary
import Testing

/// Files whose first bytes look like sound or video but hold nothing playable: stored, each with a
/// reason a person can read (no temporary path, no decoder address), and not fingerprinted by
/// tools that would only fail again.
@Suite("Unreadable media")
struct UnreadableMediaTests {
    static func samples() throws -> [String] {
        let folder = try TestSupport.scratchDirectory("unreadable-media") + "/inbox"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Zeros after the headers: noise would make ffprobe's complaint vary with the bytes.
        let files: [(String, [UInt8])] = [
            ("phim-hong.mp4", Array("\0\0\0\u{18}ftypmp42\0\0\0\0mp42isom".utf8) + [UInt8](repeating: 0, count: 20_000)),
            ("am-thanh-hong.wav", Array("RIFF$\u{8}\0\0WAVEfmt ".utf8) + [UInt8](repeating: 0, count: 2_000)),
        ]
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        return files.map { folder + "/" + $0.0 }
    }

    @Test("a cut-off MP4 and a WAV of noise: stored, their reasons plain, no fingerprint attempted")
    func plainReasons() throws {
        let paths = try Self.samples()
        let ingested = try IngestedRepository("unreadable-media", paths: paths, ocr: false)
        #expect(ingested.summary.added == 2)
        let library = try Library.openForReading(at: ingested.repository.root)
        let expected = [
            (paths[0], MediaKind.video, "not a readable media file: moov atom not found"),
            (paths[1], MediaKind.audio, "not a readable media file: Invalid data found when processing input"),
        ]
        for (path, kind, reason) in expected {
            let view = try library.item(try library.resolve(path))
            #expect(view.object.kind == kind)
            #expect(view.object.extractStatus == .failed)
            #expect(view.object.extractNote == reason)
            #expect(view.fingerprint?.status == .failed)
            #expect(view.fingerprint?.note == "not fingerprinted: the file could not be read as media")
        }
    }
}
