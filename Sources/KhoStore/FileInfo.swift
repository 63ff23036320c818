import CKhoSys
import Glibc
import KhoVocabulary

/// What `stat`/`lstat`/`fstat` say of a file, as plain values. Every layer asks through this one
/// type (and CKhoSys fills it): with member-import visibility on, which system module "owns"
/// glibc's `struct stat` changes from build to build.
public struct FileInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case file, directory, link, other

        /// CKhoSys's one-letter kinds ('f', 'd', 'l', 'o'); nil for '?', a kind not told.
        init?(code: CChar) {
            switch UInt8(bitPattern: code) {
            case UInt8(ascii: "f"): self = .file
            case UInt8(ascii: "d"): self = .directory
            case UInt8(ascii: "l"): self = .link
            case UInt8(ascii: "?"): return nil
            default: self = .other
            }
        }
    }
    public var kind: Kind
    public var size: Int64
    public var mtimeNs: Int64
    public var ctimeNs: Int64
    public var device: UInt64
    public var inode: UInt64
    /// Permission bits (0o7777).
    public var mode: UInt32

    public var isFile: Bool { kind == .file }
    public var isDirectory: Bool { kind == .directory }

    /// nil when the path cannot be examined (`errno` says why). `followLinks` false: a link is
    /// described, never followed. Paths may hold bytes that are not UTF-8 (see RawPath).
    public static func of(_ path: String, followLinks: Bool = true) -> FileInfo? {
        var status = kho_file_status()
        guard kho_stat(RawPath.c(path), followLinks ? 1 : 0, &status) == 0 else { return nil }
        return FileInfo(status)
    }

    /// The same of an open file.
    public static func of(descriptor fd: Int32) -> FileInfo? {
        var status = kho_file_status()
        guard kho_fstat(fd, &status) == 0 else { return nil }
        return FileInfo(status)
    }

    init(_ s: kho_file_status) {
        kind = Kind(code: s.kind) ?? .other
        size = s.size; mtimeNs = s.mtime_ns; ctimeNs = s.ctime_ns
        device = s.device; inode = s.inode; mode = s.mode
    }
}

/// The entries of a folder, read through CKhoSys (`dirent` has the same trouble as `stat`).
public enum DirectoryEntries {
    public struct Entry: Sendable {
        /// The name's bytes (a name need not be UTF-8).
        public var name: [UInt8]
        /// What the file system says it is; nil when it does not say (then ask FileInfo).
        public var kind: FileInfo.Kind?
    }

    /// Every entry but "." and ".."; nil when the folder cannot be opened (`errno` says why).
    public static func read(_ path: String) -> [Entry]? {
        guard let dir = opendir(RawPath.c(path)) else { return nil }
        defer { closedir(dir) }
        var entries: [Entry] = []
        var type: CChar = 0
        while let name = kho_next_entry(UnsafeMutableRawPointer(dir), &type) {
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name)))
            if bytes == [46] || bytes == [46, 46] { continue }
            entries.append(Entry(name: bytes, kind: FileInfo.Kind(code: type)))
        }
        return entries
    }
}
