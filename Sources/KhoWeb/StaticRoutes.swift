import Hummingbird

/// The style sheet and icon, compiled into the binary (Static/).
enum StaticRoutes {
    static func add(to router: Router<WebContext>) {
        router.get("/static/kho.css") { _, _ in file(PackageResources.kho_css, "text/css; charset=utf-8") }
        router.get("/static/kho.js") { _, _ in file(PackageResources.kho_js, "text/javascript; charset=utf-8") }
        router.get("/static/icon.svg") { _, _ in file(PackageResources.icon_svg, "image/svg+xml") }
    }

    private static func file(_ bytes: [UInt8], _ type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
