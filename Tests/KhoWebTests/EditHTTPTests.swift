import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import Testing

/// Corrections on an item's page: who may make them, what they change, and the log that keeps them.
@Suite("kho serve: editing")
struct EditHTTPTests {
    static let served = SharedFixture { try ServedLibrary("serve-edit", corpus: ["images/photos/Canon_40D.jpg", "documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"]) }

    @Test("an editor of the item's unit changes title, caption, type and topics; each change is logged with her name, and found by search")
    func editorEdits() throws {
        let s = try Self.served.get()
        let photo = try s.library.resolve(TestSupport.corpusPath("images/photos/Canon_40D.jpg"))
        let session = try s.signIn("hoa").session!
        let page = try s.get("/item/\(photo.digest)", as: session)
        #expect(page.text.contains("<form method=\"post\" action=\"/item/\(photo.digest)/edit\" class=\"edit\">"))
        let reply = try s.post("/item/\(photo.digest)/edit", as: session, form: [
            "csrf": try s.csrf(session), "title": "Kỳ nhông trong vườn", "caption": "Ảnh tư liệu hội thảo sinh thái tháng 12",
            "type": "graphic", "add_topics": "hoi nghi, hoi thao, tap huan; Thiên nhiên hoang dã",
        ])
        #expect(reply.status == 303)
        #expect(reply.headers["location"] == "/item/\(photo.digest)#edits")
        let view = try s.library.item(try s.library.resolve(photo.digest))
        #expect(view.object.title == "Kỳ nhông trong vườn")
        #expect(view.caption == "Ảnh tư liệu hội thảo sinh thái tháng 12")
        #expect(view.object.contentType == .graphic)
        #expect(view.edits.map(\.by) == Array(repeating: "hoa (web)", count: view.edits.count))
        #expect(view.edits.map(\.field).sorted() == ["caption", "title", "topic", "topic", "type"])
        #expect(view.edits.first { $0.field == "type" }?.oldValue == "photo")
        #expect(Set(view.edits.filter { $0.field == "topic" }.compactMap(\.newValue)) == ["hội nghị, hội thảo, tập huấn", "Thiên nhiên hoang dã"])
        // Found by its caption, typed without diacritics.
        #expect(try s.library.search("hoi thao sinh thai", filters: SearchFilters()).hits.map(\.object.digest) == [photo.digest])
        let after = try s.get("/item/\(photo.digest)", as: session).text
        #expect(after.contains("<h2 id=\"edits\">Lịch sử chỉnh sửa</h2>"))
        #expect(after.contains("Loại nội dung: Ảnh chụp → Đồ họa, infographic"))
        #expect(after.contains("<p class=\"caption\">Ảnh tư liệu hội thảo sinh thái tháng 12</p>"))

        // Saving the same values again changes and logs nothing; taking a topic off is logged.
        let count = view.edits.count
        _ = try s.post("/item/\(photo.digest)/edit", as: session, form: ["csrf": try s.csrf(session), "title": "Kỳ nhông trong vườn",
                                                                          "caption": "Ảnh tư liệu hội thảo sinh thái tháng 12", "type": "graphic"])
        #expect(try s.library.item(photo).edits.count == count)
        _ = try s.post("/item/\(photo.digest)/edit", as: session, form: ["csrf": try s.csrf(session), "type": "graphic",
                                                                          "remove_topic_Thi%C3%AAn%20nhi%C3%AAn%20hoang%20d%C3%A3": "on"])
        let removed = try s.library.item(photo).edits.first!
        #expect(removed.field == "topic" && removed.oldValue == "Thiên nhiên hoang dã" && removed.newValue == nil)
    }

    @Test("viewers, editors of other units and forged forms change nothing; an unknown type is refused")
    func refused() throws {
        let s = try Self.served.get()
        let text = try s.library.resolve(TestSupport.corpusPath("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt"))
        try s.library.addUser(name: "tuan", role: .editor, units: ["PhongKhac"], password: ServedLibrary.password)
        for name in ["minh", "tuan"] {
            let session = try s.signIn(name).session!
            #expect(!(try s.get("/item/\(text.digest)", as: session).text.contains("class=\"edit\"")))
            let reply = try s.post("/item/\(text.digest)/edit", as: session, form: ["csrf": try s.csrf(session), "title": "đổi"])
            #expect(reply.status == 403, "\(name)")
        }
        let editor = try s.signIn("hoa").session!
        #expect(try s.post("/item/\(text.digest)/edit", as: editor, form: ["csrf": "forged", "title": "đổi"]).status == 403)
        let unknown = try s.post("/item/\(text.digest)/edit", as: editor, form: ["csrf": try s.csrf(editor), "type": "tranh"])
        #expect(unknown.status == 400)
        #expect(try s.library.item(text).edits == [])
    }
}
