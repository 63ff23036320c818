import Foundation
import HTTPTypes
import Hummingbird
import KhoKit
import Logging

/// Signing in and out, and the language switch.
struct SignInRoutes {
    let library: LibraryWriter
    let pages: Pages
    let limiter = SignInLimiter()

    /// Before there is a session, the sign-in form is protected by a token in a cookie of its own
    /// that the form must repeat (a page elsewhere cannot read it).
    static let formCookie = "kho_signin"

    func add(to router: Router<WebContext>) {
        router.get("/signin") { request, context in
            if context.session != nil { return Pages.redirect(Pages.safeBack(QueryString.parse(request.uri.query)["back"])) }
            return signInPage(request, context, problem: nil, typedName: "", status: .ok)
        }
        router.post("/signin") { request, context in try await signIn(request, context) }
        router.post("/signout") { request, context in
            _ = try await Form.read(request, context, csrf: context.session?.csrfToken)
            if let token = context.sessionToken {
                let library = self.library
                try await blocking { try library.signOut(token: token) }
            }
            var response = Pages.redirect("/signin")
            response.setCookie(Cookie(name: AccessMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
            return response
        }
        router.get("/lang") { request, _ in
            let language = QueryString.parse(request.uri.query)["to"].flatMap(Strings.Language.init(rawValue:)) ?? .vi
            var response = Pages.redirect(Pages.safeBack(QueryString.parse(request.uri.query)["back"]))
            response.setCookie(Cookie(name: AccessMiddleware.languageCookie, value: language.rawValue, maxAge: 365 * 86400, path: "/",
                                      secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
            return response
        }
    }

    private func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        let form = try await Form.read(request, context, csrf: request.cookies[Self.formCookie]?.value)
        let name = form["name"] ?? "", password = form["password"] ?? ""
        let strings = context.strings
        if let minutes = await limiter.wait(name: name, address: context.peer) {
            return signInPage(request, context, problem: strings.format("signin_throttled", ["minutes": String(minutes)]),
                              typedName: name, status: .tooManyRequests)
        }
        let library = self.library, code = form["code"]
        let result = try await blocking {
            try library.signIn(name: name, password: password, code: code) { SecondFactor.check(secret: $0, code: $1) }
        }
        let token: String, session: WebSession
        switch result {
        case .signedIn(let t, let s): (token, session) = (t, s)
        case .needsCode:
            return signInPage(request, context, problem: strings["signin_needs_code"], typedName: name, status: .unauthorized)
        case .refused:
            await limiter.failed(name: name, address: context.peer)
            return signInPage(request, context, problem: strings["signin_failed"], typedName: name, status: .unauthorized)
        }
        context.logger.info("signed in: \(session.account.name) from \(context.peer)")
        var response = Pages.redirect(Pages.safeBack(form["back"]))
        response.setCookie(Cookie(name: AccessMiddleware.sessionCookie, value: token, maxAge: Int(Sessions.lifetime), path: "/",
                                  secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    private func signInPage(_ request: Request, _ context: WebContext, problem: String?, typedName: String, status: HTTPResponse.Status) -> Response {
        let formToken = Sessions.randomToken()
        var data: [String: Any] = ["signin_csrf": formToken, "typed_name": typedName,
                                   "back": Pages.safeBack(QueryString.parse(request.uri.query)["back"])]
        if let problem { data["problem"] = problem }
        var response = pages.render("signin", title: context.strings["signin_title"], data: data, request: request, context: context, status: status)
        response.setCookie(Cookie(name: Self.formCookie, value: formToken, path: "/signin", secure: Self.isSecure(request), httpOnly: true, sameSite: .strict))
        return response
    }

    /// Behind a TLS proxy (contrib/nginx-kho.conf) cookies are marked Secure.
    static func isSecure(_ request: Request) -> Bool { request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https" }
}

/// A posted form, its CSRF token checked.
struct Form {
    let fields: [String: String]
    subscript(_ key: String) -> String? { fields[key] }

    /// Reads an urlencoded form; refuses it (403) unless its `csrf` field equals `csrf`.
    static func read(_ request: Request, _ context: WebContext, csrf expected: String?) async throws -> Form {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let text = String(buffer: body)
        let fields = (try? URLEncodedFormDecoder().decode([String: String].self, from: text)) ?? [:]
        guard let expected, !expected.isEmpty, let given = fields["csrf"], constantTimeEqual(given, expected) else { throw WebError.badForm }
        return Form(fields: fields)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

}
