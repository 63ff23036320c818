import KhoVocabulary
import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

@Suite("Sniffing and content policy")
struct SnifferTests {
    @Test("the MIME type of every corpus file equals `file --mime-type -b`")
    func mimeMatchesFileCommand() throws {
        let files = TestSupport.regularFiles(under: TestSupport.corpus.path)
        let reference = try TestSupport.run("/usr/bin/file", ["--mime-type", "-b", "--"] + files)
        let expected = reference.stdout.split(separator: "\n").map(String.init)
        #expect(expected.count == files.count)
        let sniffer = try Sniffer()
        for (i, file) in files.enumerated() {
            #expect(sniffer.mimeType(ofFileAt: file) == expected[i], "\(file)")
            // The buffer path (used for small files) must agree too.
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(sniffer.mimeType(of: bytes, isWholeFile: true, path: file) == expected[i], "\(file)")
        }
    }

    @Test("the kind from content equals MANIFEST.tsv's kind for every media and document file")
    func kindMatchesManifest() throws {
        let sniffer = try Sniffer()
        var checked = 0
        for row in try TestSupport.readTSV("MANIFEST.tsv") {
            let path = row["path"]!
            guard ["image", "video", "audio", "document"].contains(row["kind"]!), !path.hasPrefix("hostile/") else { continue }
            let kind = MediaKind(mime: sniffer.mimeType(ofFileAt: TestSupport.corpusPath(path)))
            #expect(kind.rawValue == row["kind"], "\(path)")
            checked += 1
        }
        #expect(checked == 77)
    }

    @Test("active content named like a passive type is quarantined, other mismatches only noted")
    func contentPolicy() {
        let elf = ContentPolicy.evaluate(detectedMIME: "application/x-pie-executable", fileName: "anh-su-kien.jpg")
        guard case .quarantine(let reason, let claimed) = elf else { Issue.record("ELF as .jpg accepted"); return }
        #expect(reason == "named like an image (.jpg) but the content is a program (executable) (application/x-pie-executable)")
        #expect(claimed?.mime == "image/jpeg")

        guard case .quarantine(let htmlReason, _) = ContentPolicy.evaluate(detectedMIME: "text/html", fileName: "van-ban.pdf") else {
            Issue.record("HTML as .pdf accepted"); return
        }
        #expect(htmlReason == "named like a document (.pdf) but the content is a web page (it can carry scripts) (text/html)")

        guard case .quarantine = ContentPolicy.evaluate(detectedMIME: "text/x-shellscript", fileName: "bao-cao.DOCX") else {
            Issue.record("script as .DOCX accepted"); return
        }
        guard case .quarantine = ContentPolicy.evaluate(detectedMIME: "application/x-dosexec", fileName: "ghi-chu.txt") else {
            Issue.record("program as .txt accepted"); return
        }

        #expect(ContentPolicy.evaluate(detectedMIME: "text/html", fileName: "tin-bai.html")
                == .accept(kind: .document, claimed: ClaimedType(fileName: "tin-bai.html"), mismatch: false))
        #expect(ContentPolicy.evaluate(detectedMIME: "text/html", fileName: "README.md")
                == .accept(kind: .document, claimed: ClaimedType(fileName: "README.md"), mismatch: true))
        #expect(ContentPolicy.evaluate(detectedMIME: "image/jpeg", fileName: "poster.png")
                == .accept(kind: .image, claimed: ClaimedType(fileName: "poster.png"), mismatch: true))
        #expect(ContentPolicy.evaluate(detectedMIME: "application/x-pie-executable", fileName: "true")
                == .accept(kind: .other, claimed: nil, mismatch: false))
        #expect(ContentPolicy.evaluate(detectedMIME: "application/zip", fileName: "bao-cao.docx")
                == .accept(kind: .archive, claimed: ClaimedType(fileName: "bao-cao.docx"), mismatch: false))
    }

    @Test("MIME types map to kinds")
    func kinds() {
        #expect(MediaKind(mime: "image/svg+xml") == .image)
        #expect(MediaKind(mime: "video/webm") == .video)
        #expect(MediaKind(mime: "audio/mpeg") == .audio)
        #expect(MediaKind(mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation") == .document)
        #expect(MediaKind(mime: "application/vnd.oasis.opendocument.text") == .document)
        #expect(MediaKind(mime: "application/msword") == .document)
        #expect(MediaKind(mime: "application/zip") == .archive)
        #expect(MediaKind(mime: "application/x-pie-executable") == .other)
        #expect(MediaKind(mime: "application/octet-stream") == .other)
    }
}
