import Foundation
import Hummingbird
import KhoKit
import Logging
import NIOCore
import UnixSignals

/// kho serve: the library in a browser. Server-rendered pages in Vietnamese (English on request),
/// built on the facade alone (`LibraryWriter`), like the command line.
public enum WebServer {
    /// Serves the library at `repository` on `host:port` until SIGINT or SIGTERM. `onListening`
    /// hears the address actually bound (port 0 asks the system for a free one).
    public static func run(repository: String, host: String, port: Int, onListening: @escaping @Sendable (String) -> Void) async throws {
        // Writable: uploads are stored (this process's own corner of tmp/ holds them as they arrive).
        let library = try Library.openForWriting(at: repository)
        let pages = try Pages()
        let router = Router(context: WebContext.self)
        let settings = try library.settings().serve
        router.add(middleware: AccessMiddleware(library: library, pages: pages, settings: settings))
        StaticRoutes.add(to: router)
        SignInRoutes(library: library, pages: pages).add(to: router)
        SearchRoutes(library: library, pages: pages, facets: FacetCache()).add(to: router)
        ItemRoutes(library: library, pages: pages).add(to: router)
        UploadRoutes(library: library, pages: pages).add(to: router)
        EditRoutes(library: library).add(to: router)
        ClusterRoutes(library: library, pages: pages).add(to: router)
        AccountRoutes(library: library, pages: pages, settings: settings).add(to: router)

        var logger = Logger(label: "kho-serve")
        logger.logLevel = .info
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "kho"),
            onServerRunning: { channel in
                let bound = channel.localAddress
                let shownHost = bound?.ipAddress.map { $0.contains(":") ? "[\($0)]" : $0 } ?? host
                onListening("http://\(shownHost):\(bound?.port ?? port)")
            },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
