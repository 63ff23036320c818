import KhoVocabulary
/// What a file name's extension claims the content is. Used only to notice lies — the
/// catalogue's type always comes from the content.
public struct ClaimedType: Equatable, Sendable {
    public let ext: String
    /// The MIME type the extension stands for.
    public let mime: String
    /// Content types that honestly match this extension (libmagic's spellings included).
    public let accepted: Set<String>
    public var kind: MediaKind { MediaKind(mime: mime) }

    /// The claim of a file name, or nil when its extension is absent or unknown to kho.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        guard let entry = ClaimedType.table[ext] else { return nil }
        self.ext = ext
        self.mime = entry[0]
        self.accepted = Set(entry)
    }

    public func matches(_ detected: String) -> Bool { accepted.contains(detected) }

    private static let zipOffice = ["application/zip", "application/octet-stream"]
    /// extension → [its MIME type, other content types that are still honest for it]
    static let table: [String: [String]] = [
        "jpg": ["image/jpeg"], "jpeg": ["image/jpeg"], "jpe": ["image/jpeg"],
        "png": ["image/png"], "gif": ["image/gif"], "webp": ["image/webp"],
        "tif": ["image/tiff"], "tiff": ["image/tiff"], "bmp": ["image/bmp", "image/x-ms-bmp"],
        "heic": ["image/heic", "image/heif"], "heif": ["image/heif", "image/heic"],
        "svg": ["image/svg+xml", "image/svg", "text/xml", "text/plain"],
        "mp4": ["video/mp4", "video/quicktime"], "m4v": ["video/x-m4v", "video/mp4"],
        "mov": ["video/quicktime"], "webm": ["video/webm"], "mkv": ["video/x-matroska"],
        "avi": ["video/x-msvideo"], "mpg": ["video/mpeg"], "mpeg": ["video/mpeg"],
        "mp3": ["audio/mpeg"], "m4a": ["audio/x-m4a", "audio/mp4", "video/mp4"],
        "wav": ["audio/x-wav", "audio/wav", "audio/vnd.wave"], "ogg": ["audio/ogg", "video/ogg"],
        "oga": ["audio/ogg"], "opus": ["audio/ogg"], "flac": ["audio/flac", "audio/x-flac"],
        "aac": ["audio/aac", "audio/x-hx-aac-adts"],
        "pdf": ["application/pdf"],
        "txt": ["text/plain"], "md": ["text/markdown", "text/plain"], "csv": ["text/csv", "text/plain"],
        "html": ["text/html"], "htm": ["text/html"], "xml": ["text/xml", "application/xml"],
        "rtf": ["text/rtf", "application/rtf"],
        "doc": ["application/msword", "application/vnd.ms-office", "application/CDFV2"],
        "xls": ["application/vnd.ms-excel", "application/vnd.ms-office", "application/CDFV2"],
        "ppt": ["application/vnd.ms-powerpoint", "application/vnd.ms-office", "application/CDFV2"],
        "docx": ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] + zipOffice,
        "xlsx": ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] + zipOffice,
        "pptx": ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] + zipOffice,
        "odt": ["application/vnd.oasis.opendocument.text"] + zipOffice,
        "ods": ["application/vnd.oasis.opendocument.spreadsheet"] + zipOffice,
        "odp": ["application/vnd.oasis.opendocument.presentation"] + zipOffice,
        "zip": ["application/zip"], "gz": ["application/gzip", "application/x-gzip"],
        "tar": ["application/x-tar"], "7z": ["application/x-7z-compressed"],
        "rar": ["application/x-rar", "application/vnd.rar"],
    ]
}
