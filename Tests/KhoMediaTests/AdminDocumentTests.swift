import KhoVocabulary
import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

@Suite("Vietnamese administrative documents")
struct AdminDocumentTests {
    static func extract(_ relative: String) throws -> (Extraction, String) {
        let path = TestSupport.corpusPath(relative)
        let head = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4 << 20))
        let mime = try Sniffer().mimeType(of: head, isWholeFile: head.count < 4 << 20, path: path)
        return (Extractor.extract(path: path, mime: mime, head: head, limits: ExtractionLimits(ocr: true)), mime)
    }

    @Test("every row of documents/EXPECTED.tsv: type, number, place, date, signer and capacity, issuing body")
    func expected() throws {
        for row in try TestSupport.readTSV("documents/EXPECTED.tsv") {
            let path = row["path"]!
            let (extraction, mime) = try Self.extract(path)
            let kind: AdminDocumentParser.Kind = mime == "text/html" ? .article : (mime.contains("presentation") ? .slides : .document)
            let doc = AdminDocumentParser.parse(extraction.text ?? "", title: extraction.title, kind: kind)
            #expect(doc != nil, "\(path): not recognised")
            func check(_ field: String, _ value: String?) {
                let expected = row[field] ?? ""
                #expect((value ?? "") == expected, "\(path) \(field)")
            }
            check("doc_type", doc?.docType)
            check("so_ky_hieu", doc?.number)
            check("issuing_place", doc?.place)
            check("issue_date", doc?.date)
            check("signer", doc?.signer)
            check("signer_title", doc?.signerTitle)
            check("issuing_body", doc?.issuer)
        }
    }

    @Test("recipients, title and the documents cited, from plan D")
    func details() throws {
        let (extraction, _) = try Self.extract("documents/KH-68-DU-Song-Cong-trien-khai-De-an-22-DA-TU.txt")
        let doc = try #require(AdminDocumentParser.parse(extraction.text!))
        #expect(doc.docTypeName == "Kế hoạch")
        #expect(doc.isoDate == "2026-01-02")
        #expect(doc.title == "Triển khai thực hiện Đề án số 22-ĐA/TU ngày 11/12/2025 của Tỉnh ủy Thái Nguyên về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Thái Nguyên giai đoạn 2026 - 2030")
        #expect(doc.recipients.first == "Thường trực Tỉnh ủy")
        #expect(doc.recipients.last == "Lưu Văn phòng Đảng ủy")
        #expect(doc.recipients.count == 9)
        for cited in ["22-ĐA/TU", "57-NQ/TW", "204-QĐ/TW", "71/NQ-CP", "193/2025/QH15", "15-KH/TU"] {
            #expect(doc.citations.contains(cited), "\(cited)")
        }
        let (nam, _) = try Self.extract("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt")
        // "57- NQ/TW" as printed, with a stray space, is the same citation.
        #expect(AdminDocumentParser.parse(nam.text!)!.citations.contains("1169/QĐ-TTg"))
        #expect(AdminDocumentParser.citations(in: "Nghị quyết số 57- NQ/TW ngày 22/12/2024") == ["57-NQ/TW"])
    }
}
