import Foundation
import KhoCatalogue
import KhoTestSupport
import Testing
@testable import KhoKit

/// Articles and administrative documents told apart in every format: a labelled set of 36
/// documents (scripts/make-document-samples.py) — 12 news articles with different datelines and
/// bylines (a site's title-cased category over its date among them); plans, decisions, reports, official letters, announcements, minutes and a submission
/// from a province's board, a department, a commune and a ward — each as UTF-8 text, Windows text
/// (CRLF and a BOM), .docx, .odt and PDF, articles also as a web page; and two slide decks as
/// .pptx and .odp.
@Suite("Documents told apart in every format")
struct DocumentSetTests {
    @Test("content type and fields right for every document, the same from every format")
    func labelledSet() throws {
        let folder = try TestSupport.scratchDirectory("kho-docset") + "/docs"
        // make test makes .build/test-venv with reportlab, which writes the PDFs.
        let python = TestSupport.packageRoot.appendingPathComponent(".build/test-venv/bin/python3").path
        try #require(FileManager.default.isExecutableFile(atPath: python), "run `make test` (it makes .build/test-venv with reportlab for the PDFs)")
        let made = try TestSupport.run(python, [TestSupport.packageRoot.appendingPathComponent("scripts/make-document-samples.py").path, folder])
        try #require(made.status == 0, "\(made.stderr)")
        try #require(made.stdout == "36 documents written to \(folder)\n", "\(made.stdout)")
        let repository = try Repository.initialize(at: folder + "/../Storage").0
        var options = IngestJob.Options()
        options.fingerprints = false
        let summary = try IngestJob(repository: repository, options: options).run(roots: [folder])
        #expect(summary.failed == 0)

        let labels = try String(contentsOfFile: folder + "/labels.tsv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(labels.count == 36)
        #expect(labels.filter { $0[1] == "article" }.count == 12)
        var checked = 0
        for row in labels {
            let (id, type) = (row[0], row[1])
            let formats = type == "slides" ? [".pptx", ".odp"]
                : [".txt", "-windows.txt", ".docx", ".odt", ".pdf"] + (type == "article" ? [".html"] : [])
            for format in formats {
                let path = folder + "/" + id + format
                let object = try repository.resolve(path)
                let document = try repository.catalogue.document(objectID: object.id!)
                let got = [object.contentType?.rawValue ?? "", document?.docType ?? "", document?.number ?? "", document?.place ?? "",
                           document?.isoDate ?? "", document?.issuer ?? "", document?.signer ?? "", document?.signerTitle ?? ""]
                #expect(got == Array(row[1...8]), "\(id)\(format)")
                checked += 1
            }
        }
        #expect(checked == 12 * 6 + 22 * 5 + 2 * 2)
    }
}

/// A photo's topics come from its caption, title, keywords and folder, not a camera's file name.
@Suite("Topics of photos")
struct PhotoTopicTests {
    func topics(names: [String], facts: [String: String]) -> [String] {
        Classifier.classify(Classifier.Input(kind: .image, mime: "image/jpeg", facts: facts, title: nil, text: nil, textOrigin: .text,
                                             takenAt: nil, names: names, greyLevels: 200, whiteShare: 0.1, width: 640, height: 480, picture: nil),
                            taxonomy: Taxonomy.standard).topics.filter { $0.score >= 0 }.map(\.topic).sorted()
    }

    @Test("camera names give no topic; a person's name, a caption or the folder do")
    func photoTopics() {
        let nokia = ["exif.make": "HMD Global", "exif.model": "Nokia 8.3 5G"]
        #expect(topics(names: ["HMD_Nokia_8.3_5G.jpg"], facts: nokia) == [])
        for name in ["IMG_5001.jpg", "IMG_20260510_083015.jpg", "20260510_083015.jpg", "PXL_20260510_5G.jpg", "DSCN0010.JPG",
                     "IMG-20260510-WA0003.jpg", "Screenshot_2026-05-10.png"] {
            #expect(Classifier.isCameraName(name, facts: [:]), "\(name)")
        }
        for name in ["hoi-nghi-5G.jpg", "Lắp đặt trạm 5G.jpg", "poster-ngay-10-10.png"] {
            #expect(!Classifier.isCameraName(name, facts: nokia), "\(name)")
        }
        #expect(topics(names: ["IMG_0001.jpg", "Hạ tầng số 5G"], facts: nokia) == ["hạ tầng số"])  // the folder it was dropped in
        #expect(topics(names: ["lap-dat-tram-5G-cap-quang.jpg"], facts: nokia) == ["hạ tầng số"])  // a name a person gave
        var captioned = nokia
        captioned["exif.description"] = "Lắp đặt trạm phát sóng 5G và cáp quang tại khu công nghiệp"
        #expect(topics(names: ["HMD_Nokia_8.3_5G.jpg"], facts: captioned).contains("hạ tầng số"))
    }
}
