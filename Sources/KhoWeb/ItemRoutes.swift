import Foundation
import Hummingbird
import KhoKit
import Logging

/// An item's page, its previews and its original.
struct ItemRoutes {
    let library: LibraryWriter
    let pages: Pages

    func add(to router: Router<WebContext>) {
        router.get("/item/:digest") { request, context in try await itemPage(request, context) }
        router.get("/preview/:digest/:size") { request, context in try await preview(request, context) }
        router.get("/download/:digest") { request, context in try await download(request, context) }
    }

    /// Only a whole digest names an item here (a prefix or a path is the CLI's convenience).
    static func digest(_ context: WebContext) throws -> Digest {
        guard let text = context.parameters.get("digest"), text.count == 64, let digest = Digest(hex: text) else { throw WebError.notFound }
        return digest
    }

    private func object(_ context: WebContext) async throws -> ObjectRecord {
        let digest = try Self.digest(context)
        let library = self.library
        guard let object = try await blocking({ try library.object(digest: digest) }) else { throw WebError.notFound }
        return object
    }

    private func itemPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let object = try await object(context)
        let library = self.library
        let account = context.session?.account
        let (view, citations, mayEdit) = try await blocking { () -> (ItemView, [(String, String?)], Bool) in
            let view = try library.item(object)
            return (view, try view.citations.map { ($0, try library.document(numbered: $0)) }, try account.map { try library.mayEdit(object, by: $0) } ?? false)
        }
        let data = ItemPageModel(strings: context.strings, view: view, citations: citations,
                                 editing: mayEdit ? context.session?.csrfToken : nil).data
        return pages.render("item", title: data["name"] as? String ?? object.digest, data: data, request: request, context: context)
    }

    private func preview(_ request: Request, _ context: WebContext) async throws -> Response {
        let object = try await object(context)
        let digest = Digest(hex: object.digest)!
        let asked = context.parameters.get("size")
        let size = asked.flatMap(Int.init).flatMap(PreviewSize.init(rawValue:))
        guard size != nil || asked == "strip" else { throw WebError.notFound }
        let library = self.library
        let bytes: [UInt8]? = try await blocking {
            guard let path = size.map({ library.previewPath(digest, size: $0) }) ?? library.stripPath(digest) else { return nil }
            return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
        if size == nil && bytes == nil { throw WebError.notFound }
        // Our own previews only: the uploaded bytes themselves are never shown inline.
        guard let bytes else { return Placeholder.response(for: object.kind, mime: object.mime, strings: context.strings) }
        return Response(status: .ok, headers: [.contentType: "image/webp", .cacheControl: "private, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func download(_ request: Request, _ context: WebContext) async throws -> Response {
        let object = try await object(context)
        let library = self.library
        let original = try await blocking { try library.original(object) }
        // Ranges are not served (the whole file always is, which HTTP allows); one past the end is refused.
        if let range = request.headers[.range], Self.unsatisfiable(range, size: original.size) {
            return Response(status: .rangeNotSatisfiable, headers: [.contentRange: "bytes */\(original.size)"])
        }
        var headers: HTTPFields = [.contentType: object.mime, .contentLength: String(original.size), .cacheControl: "private, no-store"]
        headers[.contentDisposition] = Self.disposition(mime: object.mime, fileName: original.fileName)
        // Whatever the bytes are, a browser runs none of them as this site's page.
        headers[.contentSecurityPolicy] = "sandbox; default-src 'none'"
        let logger = context.logger
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: Int(original.size)) { writer in
            while true {
                let chunk: [UInt8]?
                do {
                    chunk = try await blocking { try original.next() }
                } catch {
                    // The bytes do not match their name: the download stops short, so it fails in the browser.
                    logger.error("download of \(object.digest) stopped: \(error)")
                    throw error
                }
                guard let chunk else { break }
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        })
    }

    /// "bytes=START-…" with START at or past the end, or not a number a file could have.
    static func unsatisfiable(_ range: String, size: Int64) -> Bool {
        guard range.hasPrefix("bytes=") else { return false }
        for part in range.dropFirst(6).split(separator: ",") {
            let start = part.split(separator: "-", omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            if start.isEmpty { continue }
            guard let first = Int64(start), first < size else { return true }
        }
        return false
    }

    private static let plainASCII = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_")

    /// Pictures and videos may be shown by the browser; anything else is saved, never opened as a
    /// page (an SVG or an HTML file could carry script).
    static func disposition(mime: String, fileName: String) -> String {
        let inline = (mime.hasPrefix("image/") && mime != "image/svg+xml") || mime.hasPrefix("video/")
        let ascii = String(fileName.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: Self.plainASCII) ?? ascii
        return (inline ? "inline" : "attachment") + "; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}

