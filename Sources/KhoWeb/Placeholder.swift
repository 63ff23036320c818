import Hummingbird
import KhoKit

/// What stands in for a preview not made (yet, or ever: hostile files are never drawn): a plain
/// card naming the kind, drawn by kho itself.
enum Placeholder {
    static func svg(kind: MediaKind, strings: Strings) -> String {
        let label = Pages.escapeHTML(strings["kind_" + kind.rawValue])
        let colour: String
        switch kind {
        case .image: colour = "#5b8def"
        case .video: colour = "#b3261e"
        case .audio: colour = "#7b4fb3"
        case .document: colour = "#2f7d4a"
        case .archive, .other: colour = "#6b7785"
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">\
            <rect width="256" height="256" fill="#eef1f5"/><rect x="64" y="56" width="128" height="144" rx="10" fill="\(colour)"/>\
            <text x="128" y="236" font-family="sans-serif" font-size="20" fill="#1d2733" text-anchor="middle">\(label)</text></svg>
            """
    }

    static func response(for kind: MediaKind, strings: Strings) -> Response {
        Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(string: svg(kind: kind, strings: strings))))
    }
}
