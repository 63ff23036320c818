import KhoVocabulary
import Glibc

/// Small, honest wrappers over POSIX calls: retry on EINTR, turn errno into `StoreError`.
enum POSIX {
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0) throws -> Int32 {
        while true {
            let fd = Glibc.open(RawPath.c(path), flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw StoreError.from(errno: errno, path: path, operation: "open")
        }
    }

    /// Reads up to `count` bytes; returns 0 only at end of file.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, path: String) throws -> Int {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw StoreError.from(errno: errno, path: path, operation: "read")
        }
    }

    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < buffer.count {
            let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError.from(errno: errno, path: path, operation: "write")
            }
            offset += n
        }
    }

    static func fsync(_ fd: Int32, path: String) throws {
        if Glibc.fsync(fd) != 0 { throw StoreError.from(errno: errno, path: path, operation: "fsync") }
    }

    /// fsyncs a directory so that names created or removed in it survive a crash.
    static func fsyncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    /// mkdir that treats "already there" as success.
    static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw StoreError.from(errno: errno, path: path, operation: "mkdir")
        }
    }

    static func exists(_ path: String) -> Bool { FileInfo.of(path, followLinks: false) != nil }

    /// Removes a file or a whole directory tree (used for stale temporary data only).
    static func removeTree(_ path: String) {
        guard let info = FileInfo.of(path, followLinks: false) else { return }
        if info.isDirectory {
            for name in (try? listDirectory(path)) ?? [] { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// Names in a directory, without "." and "..".
    static func listDirectory(_ path: String) throws -> [String] {
        guard let entries = DirectoryEntries.read(path) else { throw StoreError.from(errno: errno, path: path, operation: "opendir") }
        return entries.map { RawPath.string($0.name) }
    }
}
