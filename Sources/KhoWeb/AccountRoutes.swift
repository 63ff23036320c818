import Foundation
import Hummingbird
import KhoKit
import Logging

/// A person's own account: adding a second factor (required of admins when kho.toml says so).
struct AccountRoutes {
    let library: LibraryWriter
    let pages: Pages
    let settings: RepositoryConfig.ServeConfig

    static let factorPath = "/account/second-factor"

    func add(to router: Router<WebContext>) {
        router.get(.init(stringLiteral: Self.factorPath)) { request, context in try page(request, context, secret: nil, problem: nil) }
        router.post(.init(stringLiteral: Self.factorPath)) { request, context in try await turnOn(request, context) }
    }

    private func page(_ request: Request, _ context: WebContext, secret given: String?, problem: String?) throws -> Response {
        guard let session = context.session else { throw WebError.forbidden }
        let account = session.account
        var data: [String: Any] = ["on": account.hasSecondFactor,
                                   "required": settings.adminsNeedSecondFactor && account.role == .admin && !account.hasSecondFactor]
        if !account.hasSecondFactor {
            let secret = given ?? SecondFactor.newSecret()
            data["setup"] = ["secret": secret, "typed": SecondFactor.typedSecret(secret: secret, account: account.name),
                             "url": SecondFactor.authenticatorURL(secret: secret, account: account.name), "csrf": session.csrfToken]
        }
        if let problem { data["problem"] = problem }
        return pages.render("factor", title: context.strings["factor_title"], data: data, request: request, context: context,
                            status: problem == nil ? .ok : .unprocessableContent)
    }

    private func turnOn(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let session = context.session else { throw WebError.forbidden }
        let form = try await Form.read(request, context, csrf: session.csrfToken)
        guard let secret = form["secret"], secret.count == 20, secret.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw WebError.badRequest("secret")
        }
        guard SecondFactor.check(secret: secret, code: form["code"] ?? "") else {
            return try page(request, context, secret: secret, problem: context.strings["factor_wrong"])
        }
        let library = self.library, name = session.account.name
        try await blocking { try library.addSecondFactor(name: name, secret: secret) }
        context.logger.info("second factor added: \(name)")
        return Pages.redirect(Self.factorPath)
    }
}
