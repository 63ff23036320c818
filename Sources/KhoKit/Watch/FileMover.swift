import CKhoSys
import Foundation
import KhoVocabulary
import Glibc
import KhoStore

/// Moves handled originals out of an inbox without ever losing one.
///
/// A move is a rename (one that never replaces a file) where it can be; across file systems (an inbox on a share, done/ on a local
/// disk) it is a copy to `<destination>.kho-partial`, fsync, rename, fsync of the folder, and only
/// then the original's removal. A crash leaves either the original or a complete copy (or both;
/// the journal then finishes the move at the next start).
public enum FileMover {
    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    static let partialSuffix = ".kho-partial"

    /// A free name for `fileName` in `directory`: the name itself, else "name (2).ext", "name (3).ext" …
    /// `reserved` holds names already promised to other files of the same batch.
    static func freePath(directory: String, fileName: String, reserved: inout Set<PathKey>) -> String {
        let ext = (fileName as NSString).pathExtension
        let stem = ext.isEmpty ? fileName : String(fileName.dropLast(ext.count + 1))
        var n = 1
        while true {
            let name = n == 1 ? fileName : "\(stem) (\(n))" + (ext.isEmpty ? "" : "." + ext)
            let candidate = directory + "/" + name
            if FileInfo.of(candidate, followLinks: false) == nil && errno == ENOENT && !reserved.contains(PathKey(candidate)) {
                reserved.insert(PathKey(candidate))
                return candidate
            }
            n += 1
        }
    }

    /// Moves `source` to `destination` (whose folder is created). Never overwrites.
    public static func move(_ source: String, to destination: String) throws {
        let directory = (destination as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        if kho_rename_noreplace(RawPath.c(source), RawPath.c(destination)) == 0 { return }
        if errno == EEXIST { throw Failure(path: destination, reason: "a file with this name is already there") }
        if link(RawPath.c(source), RawPath.c(destination)) == 0 {
            // A hard link, then unlink: unlike rename, it can never replace a file that appeared
            // at the destination meanwhile.
            guard unlink(RawPath.c(source)) == 0 || errno == ENOENT else { throw Failure(path: source, reason: String(cString: strerror(errno))) }
            return
        }
        let linkError = errno
        switch linkError {
        case EXDEV, EPERM, ENOTSUP, EMLINK: try copyThenRemove(source, to: destination)
        case EEXIST: throw Failure(path: destination, reason: "a file with this name is already there")
        default: throw Failure(path: source, reason: "cannot move it to \(destination): " + String(cString: strerror(linkError)))
        }
    }

    private static func copyThenRemove(_ source: String, to destination: String) throws {
        let partial = destination + partialSuffix
        if FileInfo.of(source, followLinks: false)?.kind == .link {
            // A link is moved as a link: what it points at is never read.
            unlink(RawPath.c(partial))
            guard symlink(RawPath.c(FileWalker.linkTarget(source)), RawPath.c(partial)) == 0 else { throw Failure(path: partial, reason: String(cString: strerror(errno))) }
            guard kho_rename_noreplace(RawPath.c(partial), RawPath.c(destination)) == 0 else {
                let e = errno
                unlink(RawPath.c(partial))
                throw Failure(path: destination, reason: e == EEXIST ? "a file with this name is already there" : String(cString: strerror(e)))
            }
            guard unlink(source) == 0 || errno == ENOENT else { throw Failure(path: source, reason: String(cString: strerror(errno))) }
            return
        }
        let input = open(RawPath.c(source), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard input >= 0 else { throw Failure(path: source, reason: String(cString: strerror(errno))) }
        defer { close(input) }
        unlink(RawPath.c(partial))
        let output = open(RawPath.c(partial), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw Failure(path: partial, reason: String(cString: strerror(errno))) }
        var ok = false
        defer {
            close(output)
            if !ok { unlink(RawPath.c(partial)) }
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = read(input, &buffer, buffer.count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(path: source, reason: String(cString: strerror(errno)))
            }
            var written = 0
            while written < n {
                let w = buffer.withUnsafeBytes { write(output, $0.baseAddress! + written, n - written) }
                if w < 0 {
                    if errno == EINTR { continue }
                    throw Failure(path: destination, reason: String(cString: strerror(errno)))
                }
                written += w
            }
        }
        guard fsync(output) == 0 else { throw Failure(path: destination, reason: String(cString: strerror(errno))) }
        guard link(RawPath.c(partial), RawPath.c(destination)) == 0 else {
            throw Failure(path: destination, reason: errno == EEXIST ? "a file with this name is already there" : String(cString: strerror(errno)))
        }
        unlink(RawPath.c(partial))
        syncDirectory((destination as NSString).deletingLastPathComponent)
        ok = true
        guard unlink(RawPath.c(source)) == 0 || errno == ENOENT else { throw Failure(path: source, reason: String(cString: strerror(errno))) }
    }

    /// Writes a small text file beside a failed original (replacing an older one).
    public static func writeSidecar(_ text: String, at path: String) throws {
        try makeDirectory((path as NSString).deletingLastPathComponent)
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw Failure(path: path, reason: error.localizedDescription)
        }
    }

    /// Removes what a crash left of a copy across file systems.
    static func removePartial(of destination: String) {
        unlink(RawPath.c(destination + partialSuffix))
    }

    static func makeDirectory(_ path: String) throws {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw Failure(path: path, reason: "cannot create this folder (\(error.localizedDescription))")
        }
    }

    /// fsync of a finished file (a copy about to be renamed into place).
    static func syncFile(_ path: String) throws {
        let fd = open(RawPath.c(path), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
    }

    static func syncDirectory(_ path: String) {
        let fd = open(RawPath.c(path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
