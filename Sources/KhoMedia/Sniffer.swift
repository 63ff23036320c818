import KhoVocabulary
import CMagic

/// The MIME type of bytes, from their content alone (libmagic, the library behind `file`).
///
/// Not thread-safe: libmagic keeps state per handle, so each worker owns one Sniffer.
public final class Sniffer {
    private let cookie: magic_t
    /// How many leading bytes libmagic examines (MAGIC_PARAM_BYTES_MAX): a buffer holding the
    /// whole file, or at least this many bytes of it, gets the same answer as the file.
    public let bytesExamined: Int

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
        var limit = 0
        magic_getparam(cookie, Int32(MAGIC_PARAM_BYTES_MAX), &limit)
        bytesExamined = limit > 0 ? limit : 1 << 20
    }

    deinit { magic_close(cookie) }

    /// MIME type of a file's content, given its first bytes (all of them, or at least
    /// `bytesExamined`) and a path holding the same bytes. The buffer saves opening and reading the
    /// file again; only ELF files need the path, because libmagic seeks in them to tell a
    /// position-independent executable from a shared library.
    public func mimeType(of head: [UInt8], isWholeFile: Bool, path: String) -> String {
        guard isWholeFile || head.count >= bytesExamined, !head.isEmpty else { return mimeType(ofFileAt: path) }
        let type = head.withUnsafeBytes { magic_buffer(cookie, $0.baseAddress, $0.count) }.map { String(cString: $0) }
        guard let type, !Sniffer.elfTypes.contains(type) else { return mimeType(ofFileAt: path) }
        return type
    }

    static let elfTypes: Set<String> = [
        "application/x-executable", "application/x-pie-executable", "application/x-sharedlib",
        "application/x-object", "application/x-coredump",
    ]

    /// MIME type of a file on disk, as `file --mime-type -b` says it. A file, not a buffer: some
    /// answers (a position-independent executable versus a shared library) need to seek.
    public func mimeType(ofFileAt path: String) -> String {
        magic_file(cookie, path).map { String(cString: $0) } ?? "application/octet-stream"
    }
}
