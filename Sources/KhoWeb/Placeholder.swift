import Hummingbird
import KhoKit

/// What stands in for a preview not made (yet, or ever: hostile files are never drawn): a plain
/// card naming the kind, drawn by kho itself.
enum Placeholder {
    /// The format's usual short name for common types (what people know from file names).
    static let formats: [String: String] = [
        "text/plain": "TXT", "text/html": "HTML", "text/csv": "CSV", "application/pdf": "PDF", "application/msword": "DOC",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX", "application/vnd.ms-excel": "XLS",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPTX", "application/vnd.ms-powerpoint": "PPT",
        "application/vnd.oasis.opendocument.text": "ODT", "application/vnd.oasis.opendocument.spreadsheet": "ODS",
        "application/vnd.oasis.opendocument.presentation": "ODP", "image/svg+xml": "SVG", "application/zip": "ZIP",
    ]

    static func svg(kind: MediaKind, mime: String, strings: Strings) -> String {
        let format = formats[mime].map { "<text x=\"128\" y=\"138\" font-family=\"sans-serif\" font-size=\"30\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">\($0)</text>" } ?? ""
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
            <rect width="256" height="256" fill="#eef1f5"/><rect x="64" y="56" width="128" height="144" rx="10" fill="\(colour)"/>\(format)\
            <text x="128" y="236" font-family="sans-serif" font-size="20" fill="#1d2733" text-anchor="middle">\(label)</text></svg>
            """
    }

    static func response(for kind: MediaKind, mime: String, strings: Strings) -> Response {
        Response(status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(string: svg(kind: kind, mime: mime, strings: strings))))
    }
}
