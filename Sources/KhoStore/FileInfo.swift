import Glibc
import KhoVocabulary

/// What `stat`/`lstat` say of a path, as plain values. The jobs above ask through this one type:
/// glibc's `struct stat` is declared by several system modules, and with member-import visibility
/// on, which one "owns" it changes from build to build.
public struct FileInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, directory, link, other }
    public var kind: Kind
    public var size: Int64
    public var mtimeNs: Int64
    public var ctimeNs: Int64
    public var device: UInt64
    public var inode: UInt64

    /// nil when the path cannot be examined (`errno` says why). `followLinks` false: a link is
    /// described, never followed. Paths may hold bytes that are not UTF-8 (see RawPath).
    public static func of(_ path: String, followLinks: Bool = true) -> FileInfo? {
        var st = stat()
        let status = followLinks ? stat(RawPath.c(path), &st) : lstat(RawPath.c(path), &st)
        guard status == 0 else { return nil }
        let kind: Kind
        switch st.st_mode & S_IFMT {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .link
        default: kind = .other
        }
        return FileInfo(kind: kind, size: Int64(st.st_size),
                        mtimeNs: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                        ctimeNs: Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec),
                        device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }
}
