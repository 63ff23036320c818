import Foundation
import HTTPTypes
import Hummingbird
import KhoKit
import Logging

/// Every request passes here: the reader's language, the session behind the cookie, sign-in
/// required for everything but the sign-in page and the style sheet, errors shown as pages, and
/// the security headers on every response.
struct AccessMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let library: LibraryWriter
    let pages: Pages
    /// kho.toml's [serve]: anonymous viewing, second factor required of admins.
    let settings: RepositoryConfig.ServeConfig

    static let sessionCookie = "kho_session"
    static let languageCookie = "kho_lang"

    /// Pages a person who is not signed in may open.
    static func isOpen(_ path: String) -> Bool { path == "/signin" || path == "/lang" || path.hasPrefix("/static/") }

    /// What anonymous viewing (kho.toml) opens as well: looking, never changing.
    static func isViewing(_ request: Request) -> Bool {
        let path = request.uri.path
        return (request.method == .get || request.method == .head)
            && (path == "/" || path.hasPrefix("/item/") || path.hasPrefix("/preview/") || path.hasPrefix("/download/"))
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        context.anonymousViewing = settings.anonymousViewing
        if context.peer == "127.0.0.1" || context.peer == "::1",
           let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last {
            context.peer = forwarded.trimmingCharacters(in: .whitespaces)
        }
        if let code = request.cookies[Self.languageCookie]?.value, let language = Strings.Language(rawValue: code) {
            context.strings = .of(language)
        }
        if let token = request.cookies[Self.sessionCookie]?.value {
            let library = self.library
            context.session = try? await blocking { try library.session(token: token) }
            context.sessionToken = context.session == nil ? nil : token
        }
        var response: Response
        let path = request.uri.path
        if let account = context.session?.account, settings.adminsNeedSecondFactor, account.role == .admin, !account.hasSecondFactor,
           path != AccountRoutes.factorPath, path != "/signout", !Self.isOpen(path) {
            // Before anything else, the admin adds the second factor the settings require.
            response = Pages.redirect(AccountRoutes.factorPath)
        } else if context.session == nil && !Self.isOpen(path) && !(settings.anonymousViewing && Self.isViewing(request)) {
            response = request.method == .get || request.method == .head
                ? Pages.redirect("/signin?back=" + Pages.queryEscaped(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")))
                : errorPage(.forbidden, request, context)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as WebError {
                response = errorPage(error, request, context)
            } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
                response = errorPage(.notFound, request, context)
            } catch let error as HTTPError where error.status.code < 500 {
                response = errorPage(.badRequest(error.body ?? error.status.reasonPhrase), request, context)
            } catch {
                context.logger.error("\(request.method) \(request.uri.path): \(error)")
                response = pages.render("error", title: context.strings["error_title"], data: ["message": context.strings["error_server"]],
                                        request: request, context: context, status: .internalServerError)
            }
        }
        Self.secure(&response.headers)
        return response
    }

    private func errorPage(_ error: WebError, _ request: Request, _ context: WebContext) -> Response {
        pages.render("error", title: context.strings["error_title"], data: ["message": error.message(context.strings)],
                     request: request, context: context, status: error.status)
    }

    /// No inline script or style, nothing from elsewhere, no framing; a download or preview is
    /// never read as another type than the one given.
    static func secure(_ headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        }
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
    }
}
