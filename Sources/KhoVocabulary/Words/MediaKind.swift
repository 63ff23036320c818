/// The coarse family of an item: what the library shows and filters by.
public enum MediaKind: String, CaseIterable, Codable, Sendable {
    case image, video, audio, document, archive, other

    /// The kind of a content MIME type (as libmagic reports it).
    public init(mime: String) {
        let type = mime.split(separator: "/").first.map(String.init) ?? ""
        switch type {
        case "image": self = .image
        case "video": self = .video
        case "audio": self = .audio
        default:
            if MediaKind.documentTypes.contains(mime) || mime.hasPrefix("application/vnd.oasis.opendocument.")
                || mime.hasPrefix("application/vnd.openxmlformats-officedocument.") {
                self = .document
            } else if MediaKind.archiveTypes.contains(mime) {
                self = .archive
            } else {
                self = .other
            }
        }
    }

    static let documentTypes: Set<String> = [
        "application/pdf", "text/plain", "text/markdown", "text/html", "text/csv", "text/rtf",
        "application/rtf", "application/msword", "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint", "application/vnd.ms-office", "application/epub+zip",
        "application/xhtml+xml", "text/xml", "application/xml",
    ]

    static let archiveTypes: Set<String> = [
        "application/zip", "application/x-tar", "application/gzip", "application/x-gzip",
        "application/x-bzip2", "application/x-xz", "application/x-7z-compressed",
        "application/x-rar", "application/vnd.rar", "application/zstd", "application/x-iso9660-image",
    ]
}
