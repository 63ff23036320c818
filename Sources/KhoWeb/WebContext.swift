import Hummingbird
import KhoKit
import NIOCore

/// What every request of kho serve carries past the middleware: who is signed in, and in which
/// language the pages speak to them.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    var session: WebSession?
    /// The cookie value behind `session` (to end it at sign-out).
    var sessionToken: String?
    var strings: Strings = .of(.vi)
    /// kho.toml lets anyone look without signing in (the pages then show the search box to all).
    var anonymousViewing = false
    /// Who is asking, for the sign-in limiter: the peer's address, or behind a proxy on this
    /// machine (contrib/nginx-kho.conf) the address the proxy names.
    var peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "?"
    }

    /// Uploads come later; forms are small.
    var maxUploadSize: Int { 64 * 1024 }
}
