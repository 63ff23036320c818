import CMagic

/// The MIME type of bytes, from their content alone (libmagic, the library behind `file`).
///
/// Not thread-safe: libmagic keeps state per handle, so each worker owns one Sniffer.
public final class Sniffer {
    private let cookie: magic_t

    public enum Failure: Error, CustomStringConvertible {
        case unavailable(String)
        public var description: String {
            switch self {
            case .unavailable(let why):
                return "cannot load libmagic's type database (\(why)) — run `make deps` or install libmagic-mgc"
            }
        }
    }

    public init() throws {
        guard let cookie = magic_open(MAGIC_MIME_TYPE) else { throw Failure.unavailable("magic_open failed") }
        guard magic_load(cookie, nil) == 0 else {
            let why = magic_error(cookie).map { String(cString: $0) } ?? "unknown error"
            magic_close(cookie)
            throw Failure.unavailable(why)
        }
        self.cookie = cookie
    }

    deinit { magic_close(cookie) }

    /// MIME type of a file on disk, as `file --mime-type -b` says it. A file, not a buffer: some
    /// answers (a position-independent executable versus a shared library) need to seek.
    public func mimeType(ofFileAt path: String) -> String {
        magic_file(cookie, path).map { String(cString: $0) } ?? "application/octet-stream"
    }
}
