import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import Testing

/// Every route of `kho serve` over real HTTP: signed out, signed in, and with forms and paths that
/// try to get around it.
@Suite("kho serve over HTTP")
struct ServeHTTPTests {
    static let corpus = ["images/graphics", "documents", "images/photos/Canon_40D.jpg", "images/photos/DSCN0010.jpg",
                         "media/trinh-chieu-ngay-chuyen-doi-so-10-10.mp4"]
    static let served = SharedFixture { try ServedLibrary("serve-http", corpus: corpus) }

    static let securityPolicy = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    @Test("signed out, only the sign-in page and the style sheet answer; everything else sends to sign-in")
    func signedOut() throws {
        let s = try Self.served.get()
        let digest = try s.library.search("chuyen doi so", filters: SearchFilters()).hits[0].object.digest
        for target in ["/", "/?q=chuyen+doi+so", "/item/\(digest)", "/preview/\(digest)/256", "/download/\(digest)"] {
            let reply = try s.get(target)
            #expect(reply.status == 303, "\(target)")
            #expect(reply.headers["location"] == "/signin?back=" + target.replacingOccurrences(of: "/", with: "%2F")
                .replacingOccurrences(of: "?", with: "%3F").replacingOccurrences(of: "=", with: "%3D").replacingOccurrences(of: "+", with: "%2B"), "\(target)")
            #expect(reply.body.isEmpty)
        }
        let signout = try s.post("/signout", as: nil, form: ["csrf": "x"])
        #expect(signout.status == 403)
        let css = try s.get("/static/kho.css")
        #expect(css.status == 200)
        #expect(css.headers["content-type"] == "text/css; charset=utf-8")
        let page = try s.get("/signin")
        #expect(page.status == 200)
        #expect(page.headers["content-security-policy"] == Self.securityPolicy)
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.headers["x-frame-options"] == "DENY")
        #expect(page.text.contains("<h1>Đăng nhập</h1>"))
        #expect(Set(page.headers["set-cookie"]!.components(separatedBy: "; ").dropFirst()) == ["Path=/signin", "HttpOnly", "SameSite=Strict"])
    }

    @Test("sign-in: a wrong password and an unknown name get the same answer; a form without its token is refused")
    func signIn() throws {
        let s = try Self.served.get()
        let wrong = try s.signIn("minh", password: "not the password")
        #expect(wrong.session == nil)
        #expect(wrong.reply.status == 401)
        #expect(wrong.reply.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
        let unknown = try s.signIn("nobody", password: "not the password")
        #expect(unknown.reply.status == 401)
        #expect(unknown.reply.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
        // The token of the form must match its cookie.
        let page = try s.get("/signin")
        let forged = try RawHTTP.send(port: s.port, method: "POST", "/signin", cookies: ["kho_signin": page.cookie("kho_signin")!],
                                      form: ["csrf": "0000", "name": "minh", "password": ServedLibrary.password])
        #expect(forged.status == 403)
        #expect(forged.cookie("kho_session") == nil)
        let right = try s.signIn("minh")
        #expect(right.reply.status == 303)
        #expect(right.reply.headers["location"] == "/")
        let cookie = right.reply.headers["set-cookie"]!
        #expect(Set(cookie.components(separatedBy: "; ").dropFirst()) == ["Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=129600"])
        #expect(right.session!.count == 64)
        // Names are not case-sensitive; passwords are.
        #expect(try s.signIn("MINH").session != nil)
        #expect(try s.signIn("minh", password: ServedLibrary.password.uppercased()).session == nil)
    }

    @Test("five wrong passwords for a name and it is refused for a quarter of an hour, the right password too; other names are not")
    func signInLimited() throws {
        let s = try Self.served.get()
        try s.library.addUser(name: "khoa", role: .viewer, units: [], password: ServedLibrary.password)
        for _ in 0..<5 { #expect(try s.signIn("khoa", password: "wrong password!").reply.status == 401) }
        let sixth = try s.signIn("khoa")
        #expect(sixth.reply.status == 429)
        #expect(sixth.session == nil)
        #expect(sixth.reply.text.contains("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."))
        #expect(try s.signIn("minh").session != nil)
    }

    @Test("the search page shows what the library finds, in its order, with the count; facets narrow it")
    func search() throws {
        let s = try Self.served.get()
        let session = try s.signIn("minh").session!
        let expected = try s.library.search("chuyen doi so", filters: SearchFilters())
        let reply = try s.get("/?q=chuyen+doi+so", as: session)
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"] == "text/html; charset=utf-8")
        #expect(reply.text.contains("<p class=\"summary\" id=\"summary\">\(expected.matched) kết quả</p>"))
        let shown = Self.itemLinks(reply.text)
        #expect(shown == expected.hits.prefix(24).map(\.object.digest))
        #expect(reply.text.contains("value=\"chuyen doi so\""))
        // A facet value is a link that narrows the search, and can be taken off again.
        var photos = SearchFilters()
        photos.contentType = "graphic"
        let graphics = try s.library.search("chuyen doi so", filters: photos)
        let narrowed = try s.get("/?q=chuyen%20doi%20so&type=graphic", as: session)
        #expect(Self.itemLinks(narrowed.text) == graphics.hits.map(\.object.digest))
        #expect(narrowed.text.contains("<a class=\"chip\" href=\"/?q=chuyen%20doi%20so\" title=\"Bỏ lọc\">Loại nội dung: Đồ họa, infographic ✕</a>"))
        #expect(graphics.matched == 4)
        // No words: the newest items, and how many the library holds.
        let all = try s.get("/", as: session)
        let held = try s.library.search("", filters: SearchFilters()).matched
        #expect(all.text.contains("<p class=\"summary\" id=\"summary\">Kho có \(held) mục</p>"))
        #expect(held == 21)
        // A search that finds nothing says so, and what to try.
        let none = try s.get("/?q=khongcotuhaynay", as: session)
        #expect(none.text.contains("Không tìm thấy gì. Thử bớt từ, hoặc bỏ bớt bộ lọc."))
        #expect(Self.itemLinks(none.text).isEmpty)
    }

    @Test("an item's page, its previews and its original; a picture inline, a text or an SVG only as a download")
    func item() throws {
        let s = try Self.served.get()
        let session = try s.signIn("minh").session!
        let photo = try s.library.resolve(TestSupport.corpusPath("images/photos/Canon_40D.jpg"))
        let page = try s.get("/item/\(photo.digest)", as: session)
        #expect(page.status == 200)
        #expect(page.text.contains("<h1>Canon_40D.jpg</h1>"))
        #expect(page.text.contains("<code>\(TestSupport.corpusPath("images/photos/Canon_40D.jpg"))</code> · VanPhong"))
        #expect(page.text.contains("src=\"/preview/\(photo.digest)/1280\""))

        let preview = try s.get("/preview/\(photo.digest)/256", as: session)
        #expect(preview.status == 200)
        #expect(preview.headers["content-type"] == "image/webp")
        let item = try s.library.item(photo)
        #expect(preview.body == [UInt8](FileManager.default.contents(atPath: item.previews[.small]!)!))

        let download = try s.get("/download/\(photo.digest)", as: session)
        #expect(download.status == 200)
        #expect(download.headers["content-type"] == "image/jpeg")
        #expect(download.headers["content-disposition"] == "inline; filename=\"Canon_40D.jpg\"; filename*=UTF-8''Canon_40D.jpg")
        #expect(download.headers["content-security-policy"] == "sandbox; default-src 'none'")
        #expect(download.body == [UInt8](FileManager.default.contents(atPath: TestSupport.corpusPath("images/photos/Canon_40D.jpg"))!))

        for (file, mime) in [("images/graphics/banner-chuyen-muc-NQ57.svg", "image/svg+xml"), ("documents/KH-UBND-Nam-Cuong-truyen-thong-NQ57.txt", "text/plain")] {
            let object = try s.library.resolve(TestSupport.corpusPath(file))
            let reply = try s.get("/download/\(object.digest)", as: session)
            let name = (file as NSString).lastPathComponent
            #expect(reply.headers["content-type"] == mime)
            #expect(reply.headers["content-disposition"] == "attachment; filename=\"\(name)\"; filename*=UTF-8''\(name)")
            #expect(TestSupport.sha256(reply.body) == object.digest)
            // Its preview is ours: a placeholder naming the format, never the uploaded SVG itself.
            let shown = try s.get("/preview/\(object.digest)/256", as: session)
            #expect(shown.headers["content-type"] == "image/svg+xml")
            #expect(shown.text.contains(mime == "text/plain" ? ">TXT</text>" : ">SVG</text>"))
            #expect(!shown.text.contains("<script"))
        }
        // A video: its frame, a strip of five frames across it, and how long it is.
        let video = try s.library.resolve(TestSupport.corpusPath("media/trinh-chieu-ngay-chuyen-doi-so-10-10.mp4"))
        let videoPage = try s.get("/item/\(video.digest)", as: session).text
        #expect(videoPage.contains("<img class=\"strip\" src=\"/preview/\(video.digest)/strip\" alt=\"Các khung hình trong video\">"))
        #expect(videoPage.contains("<tr><th>Thời lượng</th><td>0:10</td></tr>"))
        let strip = try s.get("/preview/\(video.digest)/strip", as: session)
        #expect(strip.headers["content-type"] == "image/webp")
        #expect(strip.body == [UInt8](FileManager.default.contents(atPath: try s.library.item(video).strip!)!))
        #expect(try s.get("/preview/\(photo.digest)/strip", as: session).status == 404)
        let svg = try s.library.resolve(TestSupport.corpusPath("images/graphics/banner-chuyen-muc-NQ57.svg"))
        let placeholder = try s.get("/preview/\(svg.digest)/256", as: session)
        #expect(placeholder.body != [UInt8](FileManager.default.contents(atPath: TestSupport.corpusPath("images/graphics/banner-chuyen-muc-NQ57.svg"))!))
    }

    @Test("paths that try to leave the library, malformed digests and ranges past the end are refused")
    func pathTricks() throws {
        let s = try Self.served.get()
        let session = try s.signIn("minh").session!
        let digest = try s.library.resolve(TestSupport.corpusPath("images/photos/DSCN0010.jpg")).digest
        for target in ["/item/../catalogue.sqlite", "/item/..%2F..%2Fcatalogue.sqlite", "/preview/%2e%2e%2fcatalogue.sqlite/256",
                       "/download/..%2F..%2F..%2Fetc%2Fpasswd", "/static/..%2Fcatalogue.sqlite", "/static/../../catalogue.sqlite",
                       "/item/\(digest.prefix(12))", "/item/\(digest.uppercased())x", "/preview/\(digest)/999", "/preview/\(digest)/..%2F256",
                       "/download/\(digest)%2F..%2F..", "/download/\(String(repeating: "0", count: 64))", "/nowhere"] {
            let reply = try s.get(target, as: session)
            #expect(reply.status == 404, "\(target)")
            #expect(reply.text.contains("Không có trang hoặc mục này"), "\(target)")
        }
        let past = try s.get("/download/\(digest)", as: session, headers: ["Range": "bytes=99999999999999999999-"])
        #expect(past.status == 416)
        let size = try s.library.resolve(digest).size
        #expect(past.headers["content-range"] == "bytes */\(size)")
        let inside = try s.get("/download/\(digest)", as: session, headers: ["Range": "bytes=0-10"])
        #expect(inside.status == 200)
        #expect(inside.body.count == Int(size))
    }

    @Test("forms without the session's token are refused and change nothing; sign-out ends the session")
    func csrfAndSignOut() throws {
        let s = try Self.served.get()
        let session = try s.signIn("hoa").session!
        let refused = try s.post("/signout", as: session, form: ["csrf": "forged"])
        #expect(refused.status == 403)
        #expect(refused.text.contains("Biểu mẫu đã hết hạn hoặc không hợp lệ."))
        #expect(try s.get("/", as: session).status == 200)
        let out = try s.post("/signout", as: session, form: ["csrf": try s.csrf(session)])
        #expect(out.status == 303)
        #expect(out.headers["location"] == "/signin")
        #expect(out.cookie("kho_session") == "")
        #expect(try s.get("/", as: session).status == 303)
    }

    @Test("English on request: the same pages, every word from the English catalogue")
    func english() throws {
        let s = try Self.served.get()
        let session = try s.signIn("lan").session!
        let switched = try s.get("/lang?to=en&back=%2F%3Fq%3Dchuyen%2Bdoi%2Bso", as: session)
        #expect(switched.status == 303)
        #expect(switched.headers["location"] == "/?q=chuyen+doi+so")
        #expect(switched.cookie("kho_lang") == "en")
        let page = try RawHTTP.send(port: s.port, "/?q=chuyen+doi+so", cookies: ["kho_session": session, "kho_lang": "en"])
        let expected = try s.library.search("chuyen doi so", filters: SearchFilters())
        #expect(page.text.contains(">\(expected.matched) results</p>"))
        #expect(page.text.contains(">Sign out</button>"))
        #expect(page.text.contains("<html lang=\"en\">"))
        // A "back" that leaves the site goes home instead.
        #expect(try s.get("/lang?to=vi&back=%2F%2Fevil.example", as: session).headers["location"] == "/")
        #expect(try s.get("/lang?to=vi&back=https%3A%2F%2Fevil.example", as: session).headers["location"] == "/")
    }

    @Test("every route, signed out and as each role: who may look, who may change")
    func routesByRole() throws {
        let s = try Self.served.get()
        let d = try s.library.resolve(TestSupport.corpusPath("images/photos/DSCN0010.jpg")).digest
        let gets = ["/", "/?q=anh", "/item/\(d)", "/preview/\(d)/256", "/preview/\(d)/1280", "/download/\(d)", "/clusters", "/account/second-factor"]
        // Expected status of each GET, signed out and per role.
        let expected: [String: [Int]] = [
            "signed out": [303, 303, 303, 303, 303, 303, 303, 303],
            "minh": [200, 200, 200, 200, 200, 200, 403, 200],
            "hoa": [200, 200, 200, 200, 200, 200, 200, 200],
            "lan": [200, 200, 200, 200, 200, 200, 200, 200],
        ]
        for (who, statuses) in expected {
            let session = who == "signed out" ? nil : try s.signIn(who).session!
            #expect(try gets.map { try s.get($0, as: session).status } == statuses, "\(who)")
            // Changes: a viewer is refused even with the right token; nobody passes with a wrong one.
            let token = try session.map { try s.csrf($0) }
            let viewerOrOut = who == "signed out" || who == "minh"
            let edit = try s.post("/item/\(d)/edit", as: session, form: ["csrf": token ?? "x"])
            #expect(edit.status == (viewerOrOut ? 403 : 303), "\(who) edit")
            let review = try s.post("/clusters/review", as: session, form: ["csrf": token ?? "x", "cluster": "1,2"])
            #expect(review.status == (viewerOrOut ? 403 : 400), "\(who) review")
            let upload = try RawHTTP.upload(port: s.port, "/upload", cookies: session.map { ["kho_session": $0] } ?? [:],
                                            fields: [("csrf", token ?? "x"), ("unit", "VanPhong")], files: [])
            #expect(upload.status == (viewerOrOut ? 403 : 400), "\(who) upload")
            #expect(try s.post("/item/\(d)/edit", as: session, form: ["csrf": "forged"]).status == 403, "\(who) forged")
        }
    }

    /// The digests of the item links of a results page, in order.
    static func itemLinks(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let r = rest.range(of: "<li class=\"card\">\n        <a href=\"/item/") {
            out.append(String(rest[r.upperBound...].prefix(64)))
            rest = rest[r.upperBound...]
        }
        return out
    }
}
