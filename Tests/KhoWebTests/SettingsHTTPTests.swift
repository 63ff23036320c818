import Foundation
import Glibc
import HummingbirdOTP
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import Testing

/// kho.toml's [serve]: a second factor required of admins, and anonymous viewing.
@Suite("kho serve: second factor and anonymous viewing")
struct SettingsHTTPTests {
    @Test("an admin must add a second factor first; afterwards signing in takes the authenticator's code")
    func secondFactor() throws {
        let s = try ServedLibrary("serve-2fa", corpus: ["images/photos/DSCN0010.jpg"], serve: ["admins_need_second_factor"])
        let session = try s.signIn("lan").session!
        let start = try s.get("/", as: session)
        #expect(start.status == 303)
        #expect(start.headers["location"] == "/account/second-factor")
        #expect(try s.get("/item/\(String(repeating: "0", count: 64))", as: session).headers["location"] == "/account/second-factor")
        let page = try s.get("/account/second-factor", as: session)
        #expect(page.status == 200)
        #expect(page.text.contains("Tài khoản quản trị phải bật xác thực hai lớp trước khi làm việc khác."))
        let secret = try #require(Self.value(of: "secret", in: page.text))
        #expect(secret.count == 20)
        #expect(page.text.contains("otpauth://totp/kho:lan?secret="))
        let csrf = try #require(Self.value(of: "csrf", in: page.text))
        let wrong = try s.post("/account/second-factor", as: session, form: ["csrf": csrf, "secret": secret, "code": "000000"])
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("Mã không đúng."))
        let code = String(format: "%06d", TOTP(secret: secret).compute(date: Date()))
        let right = try s.post("/account/second-factor", as: session, form: ["csrf": csrf, "secret": secret, "code": code])
        #expect(right.status == 303)
        #expect(try s.library.user(named: "lan")?.hasSecondFactor == true)
        #expect(try s.get("/", as: session).status == 200)

        // Next time: the password alone is not enough.
        let withoutCode = try s.signIn("lan")
        #expect(withoutCode.session == nil)
        #expect(withoutCode.reply.text.contains("Tài khoản này có xác thực hai lớp: nhập mật khẩu và mã 6 số từ ứng dụng xác thực."))
        let form = try s.get("/signin")
        let token = form.cookie("kho_signin")!
        let badCode = try RawHTTP.send(port: s.port, method: "POST", "/signin", cookies: ["kho_signin": token],
                                       form: ["csrf": token, "name": "lan", "password": ServedLibrary.password, "code": "123456"])
        #expect(badCode.cookie("kho_session") == nil)
        #expect(badCode.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
        let fresh = String(format: "%06d", TOTP(secret: secret).compute(date: Date()))
        let good = try RawHTTP.send(port: s.port, method: "POST", "/signin", cookies: ["kho_signin": token],
                                    form: ["csrf": token, "name": "lan", "password": ServedLibrary.password, "code": fresh])
        #expect(good.status == 303)
        #expect(good.cookie("kho_session") != nil)
        // A viewer is not asked for one.
        #expect(try s.get("/", as: try s.signIn("minh").session!).status == 200)
    }

    @Test("anonymous viewing: search, item pages and downloads without signing in; nothing that changes")
    func anonymous() throws {
        let s = try ServedLibrary("serve-anonymous", corpus: ["images/photos/DSCN0010.jpg"], serve: ["anonymous_viewing"])
        let digest = try s.library.resolve(TestSupport.corpusPath("images/photos/DSCN0010.jpg")).digest
        let start = try s.get("/?q=DSCN0010")
        #expect(start.status == 200)
        #expect(Set(ServeHTTPTests.itemLinks(start.text)) == [digest])
        #expect(start.text.contains("<a href=\"/signin\" id=\"sign-in\">Đăng nhập</a>"))
        #expect(!start.text.contains("id=\"upload\""))
        #expect(try s.get("/item/\(digest)").status == 200)
        #expect(try s.get("/download/\(digest)").body == [UInt8](FileManager.default.contents(atPath: TestSupport.corpusPath("images/photos/DSCN0010.jpg"))!))
        #expect(try s.get("/clusters").status == 303)
        #expect(try s.post("/item/\(digest)/edit", as: nil, form: ["csrf": "x", "title": "đổi"]).status == 403)
        let upload = try RawHTTP.upload(port: s.port, "/upload", cookies: [:], fields: [("csrf", "x"), ("unit", "VanPhong")],
                                        files: [("files", "a.jpg", [0xFF, 0xD8, 0xFF])])
        #expect(upload.status == 403)
    }

    /// The value of a hidden input named `name`.
    static func value(of name: String, in html: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }
}

/// A download checked against the digest as it streams.
@Suite("kho serve: damaged objects")
struct DamagedDownloadTests {
    @Test("an object damaged on disk never reaches the browser whole: the download stops before its last bytes")
    func damaged() throws {
        let s = try ServedLibrary("serve-damaged", corpus: ["images/photos/Canon_40D.jpg", "images/photos/DSCN0010.jpg"])
        let object = try s.library.resolve(TestSupport.corpusPath("images/photos/Canon_40D.jpg"))
        let path = s.root + "/objects/sha256/\(object.digest.prefix(2))/\(object.digest)"
        var bytes = [UInt8](FileManager.default.contents(atPath: path)!)
        bytes[bytes.count / 2] ^= 0xFF
        #expect(chmod(path, 0o644) == 0)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let session = try s.signIn("minh").session!
        let reply = try s.get("/download/\(object.digest)", as: session)
        #expect(reply.status == 200)
        #expect(reply.headers["content-length"] == String(object.size))
        #expect(reply.body.count < Int(object.size))
        // The healthy one comes whole.
        let other = try s.library.resolve(TestSupport.corpusPath("images/photos/DSCN0010.jpg"))
        #expect(TestSupport.sha256(try s.get("/download/\(other.digest)", as: session).body) == other.digest)
    }
}
