import Foundation
import Hummingbird
import KhoKit
import Mustache

/// The page templates (Templates/*.mustache, compiled into the binary) and what every page shows:
/// the strings of the reader's language, who is signed in, the search box.
struct Pages: Sendable {
    let templates: MustacheLibrary

    init() throws {
        var library = MustacheLibrary()
        let sources: [(String, [UInt8])] = [
            ("layout", PackageResources.layout_mustache), ("search", PackageResources.search_mustache),
            ("item", PackageResources.item_mustache), ("signin", PackageResources.signin_mustache),
            ("error", PackageResources.error_mustache), ("upload", PackageResources.upload_mustache),
            ("clusters", PackageResources.clusters_mustache), ("factor", PackageResources.factor_mustache),
        ]
        for (name, bytes) in sources { try library.register(String(decoding: bytes, as: UTF8.self), named: name) }
        templates = library
    }

    /// A whole page as an HTML response. `data` adds to (and may override) the common values.
    func render(_ template: String, title: String, data: [String: Any], request: Request, context: WebContext,
                status: HTTPResponse.Status = .ok) -> Response {
        var all: [String: Any] = [
            "t": context.strings.table,
            "lang": context.strings.language.rawValue,
            "other_lang": context.strings.language.other.rawValue,
            "title": title,
            "back": Self.queryEscaped(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")),
            "q": QueryString.parse(request.uri.query)["q"] ?? "",
        ]
        if context.session == nil && context.anonymousViewing { all["anonymous"] = true; all["searching"] = true }
        if let session = context.session {
            all["user"] = ["name": session.account.name, "role_label": context.strings["role_" + session.account.role.rawValue],
                           "csrf": session.csrfToken]
            all["searching"] = true
        }
        all.merge(data) { _, new in new }
        let html = templates.render(all, withTemplate: template) ?? "template \(template) missing"
        return Self.html(html, status: status)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// Escapes text for HTML (what `{{name}}` does), for the few places that build markup.
    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A search snippet as HTML: the text escaped, its matches marked.
    static func snippetHTML(_ snippet: String) -> String {
        Snippet.render(escapeHTML(snippet), open: "<mark>", close: "</mark>")
    }

    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A "back" address from a form or link: only a path of this site (never //other.host or a scheme).
    static func safeBack(_ text: String?) -> String {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.hasPrefix("/\\"),
              !text.contains(where: { $0.isNewline || $0 == "\\" }) else { return "/" }
        return text
    }
}

/// A query string as browsers send forms: `+` is a space, then percent-decoding (Hummingbird's
/// `queryParameters` leaves `+` as it is). The first value of a repeated key wins.
enum QueryString {
    static func parse(_ query: String?) -> [String: String] {
        var out: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String? { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let key = decode(parts[0]), !key.isEmpty else { continue }
            if out[key] == nil { out[key] = parts.count > 1 ? decode(parts[1]) ?? "" : "" }
        }
        return out
    }
}
