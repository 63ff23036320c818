import KhoVocabulary
import Glibc
import KhoStore

/// Finds the regular files under the paths a person gave, depth first, names sorted.
///
/// Symbolic links are followed only while they stay inside the given roots (a link out of an
/// inbox must not pull in /etc), or not at all (`followLinks: false`, the watch folder: any link
/// there is reported as one); directory cycles are cut; the repository itself is never walked.
/// Anything that cannot be taken becomes a `problem` with a plain reason — the walk goes on.
public struct FileWalker {
    public enum Event: Equatable {
        /// `throughLink`: the path is a symbolic link (or under one) that stays inside the roots.
        case file(path: String, fileName: String, size: Int64, throughLink: Bool)
        /// A symbolic link, not followed (only when links are not to be followed).
        case link(path: String, target: String)
        case problem(path: String, reason: String)
    }

    let roots: [String]
    let realRoots: [String]
    let excluded: [String]
    let followLinks: Bool

    /// `roots` may be relative (to the working directory); `excluding` are directories never entered.
    public init(roots: [String], excluding: [String] = [], followLinks: Bool = true) {
        self.roots = roots.map(FileWalker.absolute)
        self.realRoots = self.roots.compactMap(FileWalker.realPath)
        self.excluded = excluding.compactMap(FileWalker.realPath)
        self.followLinks = followLinks
    }

    public func walk(_ visit: (Event) -> Void) {
        var visited = Set<DirectoryID>()
        for root in roots {
            guard let st = FileInfo.of(root) else {
                visit(.problem(path: root, reason: FileWalker.reason(errno: errno)))
                continue
            }
            switch st.kind {
            case .directory: walkDirectory(root, st, &visited, through: false, visit)
            case .file:
                // A root a person named is taken even when it is a link: they chose it.
                visit(.file(path: root, fileName: FileWalker.lastComponent(root), size: st.size, throughLink: true))
            default: visit(.problem(path: root, reason: "not a regular file or folder (device, pipe or socket); skipped"))
            }
        }
    }

    private struct DirectoryID: Hashable { let dev: UInt64; let ino: UInt64 }

    private func walkDirectory(_ dir: String, _ st: FileInfo, _ visited: inout Set<DirectoryID>, through: Bool, _ visit: (Event) -> Void) {
        guard visited.insert(DirectoryID(dev: st.device, ino: st.inode)).inserted else { return }
        if let real = FileWalker.realPath(dir), excluded.contains(where: { real == $0 || real.hasPrefix($0 + "/") }) { return }
        guard let entries = DirectoryEntries.read(dir) else {
            visit(.problem(path: dir, reason: "cannot open this folder: " + FileWalker.reason(errno: errno)))
            return
        }
        var names = entries.map(\.name)
        // Byte order, not String order: NFC and NFD spellings of a name stay distinct and stable.
        names.sort { $0.lexicographicallyPrecedes($1) }

        for raw in names {
            // A name that is not UTF-8 (Windows-1258, CP437 from old machines' zip files) is
            // taken all the same, its bytes kept (see RawPath).
            let name = RawPath.string(raw)
            let path = dir == "/" ? "/" + name : dir + "/" + name
            guard let lst = FileInfo.of(path, followLinks: false) else {
                visit(.problem(path: path, reason: FileWalker.reason(errno: errno)))
                continue
            }
            var target = lst
            let isLink = lst.kind == .link
            if isLink && !followLinks {
                visit(.link(path: path, target: FileWalker.linkTarget(path)))
                continue
            }
            if isLink {
                guard let real = FileWalker.realPath(path), let followed = FileInfo.of(path) else {
                    visit(.problem(path: path, reason: "a symbolic link to nothing (its target is gone); skipped"))
                    continue
                }
                guard realRoots.contains(where: { real == $0 || real.hasPrefix($0 + "/") }) else {
                    visit(.problem(path: path, reason: "a symbolic link pointing outside the folders given (\(real)); not followed"))
                    continue
                }
                target = followed
            }
            switch target.kind {
            case .directory: walkDirectory(path, target, &visited, through: through || isLink, visit)
            case .file: visit(.file(path: path, fileName: name, size: target.size, throughLink: through || isLink))
            default: visit(.problem(path: path, reason: "not a regular file (device, pipe or socket); skipped"))
            }
        }
    }

    /// Absolute and lexically clean ("a/./b/../c" → "a/c"), without resolving symlinks, so that one
    /// file reached through different relative paths is recorded under one path.
    public static func absolute(_ path: String) -> String {
        var full = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil { full = String(cString: buffer) + "/" + path }
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(RawPath.c(path), nil) else { return nil }
        defer { free(resolved) }
        return RawPath.string(UnsafeBufferPointer(start: resolved, count: strlen(resolved)).map { UInt8(bitPattern: $0) })
    }

    /// What a symbolic link says it points at (as written in the link).
    static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(RawPath.c(path), &buffer, buffer.count - 1)
        return n < 0 ? "?" : RawPath.string(buffer[0..<n].map { UInt8(bitPattern: $0) })
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func reason(errno e: Int32) -> String {
        switch e {
        case ENOENT: return "no such file or folder"
        case EACCES, EPERM: return "permission denied — ask IT to give kho read access"
        case ENAMETOOLONG: return "the path is too long for the file system"
        case ELOOP: return "too many levels of symbolic links"
        default: return String(cString: strerror(e))
        }
    }
}
