import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import Testing

/// Uploads through `kho serve`: who may, into which unit, and the same refusals as the watch folder.
@Suite("kho serve: uploads", .serialized)
struct UploadHTTPTests {
    static let served = SharedFixture { try ServedLibrary("serve-upload", corpus: ["images/photos/DSCN0010.jpg"]) }

    static func bytes(_ corpus: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: TestSupport.corpusPath(corpus))!) }

    @Test("an editor uploads into her unit: new, already there and a disguised program, each with its fate")
    func editorUploads() throws {
        let s = try Self.served.get()
        let session = try s.signIn("hoa").session!
        let newPicture = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.madeJPEG())))
        let reply = try RawHTTP.upload(port: s.port, "/upload", cookies: ["kho_session": session],
                                       fields: [("csrf", try s.csrf(session)), ("unit", "VanPhong")],
                                       files: [("files", "Hội nghị tháng 12.jpg", newPicture),
                                               ("files", "DSCN0010.jpg", Self.bytes("images/photos/DSCN0010.jpg")),
                                               ("files", "anh-su-kien.jpg", Self.bytes("hostile/anh-su-kien.jpg"))])
        #expect(reply.status == 422)
        #expect(reply.text.contains("<p id=\"summary\">Vào đơn vị VanPhong: 1 tệp mới, 1 tệp đã có trong kho, 1 tệp bị từ chối.</p>"))
        #expect(reply.text.contains("<strong>Bị từ chối (đã cách ly)</strong> — tên tệp là ảnh (.jpg) nhưng nội dung là một chương trình (tệp chạy được) "
                                    + "(application/x-pie-executable) — đã cách ly, không đưa vào kho"))
        let digest = TestSupport.sha256(newPicture)
        let item = try s.library.item(try s.library.object(digest: Digest(hex: digest)!)!)
        let day = Timestamp.localISO(Timestamp.now()).prefix(10)
        #expect(item.details.sources.map(\.path) == ["upload:hoa/\(day)/Hội nghị tháng 12.jpg"])
        #expect(item.details.sources.map(\.unit) == ["VanPhong"])
        // Its preview was made with the upload, and the page links to it.
        #expect(item.previews.count == 2)
        #expect(reply.text.contains("<a href=\"/item/\(digest)\">Hội nghị tháng 12.jpg</a>"))
    }

    @Test("a viewer, an editor outside her unit and a form without its token store nothing")
    func refused() throws {
        let s = try Self.served.get()
        let before = try s.library.search("", filters: SearchFilters()).matched
        let file = [("files", "la.jpg", [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.madeJPEG()))))]
        let viewer = try s.signIn("minh").session!
        let byViewer = try RawHTTP.upload(port: s.port, "/upload", cookies: ["kho_session": viewer],
                                          fields: [("csrf", try s.csrf(viewer)), ("unit", "VanPhong")], files: file)
        #expect(byViewer.status == 403)
        let editor = try s.signIn("hoa").session!
        let elsewhere = try RawHTTP.upload(port: s.port, "/upload", cookies: ["kho_session": editor],
                                           fields: [("csrf", try s.csrf(editor)), ("unit", "PhongKhac")], files: file)
        #expect(elsewhere.status == 403)
        #expect(elsewhere.text.contains("Bạn không có quyền làm việc này."))
        let forged = try RawHTTP.upload(port: s.port, "/upload", cookies: ["kho_session": editor],
                                        fields: [("csrf", "forged"), ("unit", "VanPhong")], files: file)
        #expect(forged.status == 403)
        let tokenAfterFile = try RawHTTP.upload(port: s.port, "/upload", cookies: ["kho_session": editor],
                                                fields: [("unit", "VanPhong")], files: file)
        #expect(tokenAfterFile.status == 403)
        let notMultipart = try s.post("/upload", as: editor, form: ["csrf": try s.csrf(editor)])
        #expect(notMultipart.status == 400)
        #expect(try s.library.search("", filters: SearchFilters()).matched == before)
        // Nothing left behind in the server's scratch corner.
        let leftovers = TestSupport.regularFiles(under: s.root + "/tmp").filter { !$0.hasSuffix(".lock") }
        #expect(leftovers == [])
    }

    @Test("a name as Windows browsers send it (a fake path, decomposed letters) is kept as its last part, in NFC")
    func windowsNames() throws {
        let s = try Self.served.get()
        let session = try s.signIn("hoa").session!
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.madeJPEG())))
        let sent = "C:\\fakepath\\" + "Ảnh hội nghị.jpg".decomposedStringWithCanonicalMapping
        let reply = try RawHTTP.upload(port: s.port, "/upload", cookies: ["kho_session": session],
                                       fields: [("csrf", try s.csrf(session)), ("unit", "VanPhong")], files: [("files", sent, bytes)])
        #expect(reply.status == 200)
        let item = try s.library.item(try s.library.object(digest: Digest(hex: TestSupport.sha256(bytes))!)!)
        let day = Timestamp.localISO(Timestamp.now()).prefix(10)
        #expect(item.details.sources.map { Array($0.path.utf8) } == [Array("upload:hoa/\(day)/Ảnh hội nghị.jpg".precomposedStringWithCanonicalMapping.utf8)])
    }

    /// A small JPEG no test has stored before (its colours random).
    static func madeJPEG() throws -> String {
        let path = try TestSupport.scratchDirectory("upload-sample") + "/made.jpg"
        let colour = String(format: "#%06x", UInt32.random(in: 0...0xFFFFFF))
        let made = try TestSupport.run("/usr/bin/convert", ["-size", "80x60", "xc:\(colour)", "-fill", "white", "-draw", "circle 40,30 40,10", path])
        guard made.status == 0 else { throw ServedLibrary.ServeFailure(description: made.stderr) }
        return path
    }
}
