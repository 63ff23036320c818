import KhoVocabulary
import struct Crypto.SHA256
import Glibc

/// What re-reading one object found.
public enum ObjectCheck: Equatable, Sendable {
    case ok
    case missing
    /// Shorter or longer than recorded: damaged without reading a byte.
    case wrongSize(actual: Int64)
    case corrupt(actual: Digest)
    /// It exists but cannot be read (permissions, I/O error): the reason.
    case unreadable(String)
}

/// A file found under `objects/` by a walk (the orphan check).
public struct ObjectFile: Sendable, Equatable {
    public let path: String
    /// The digest its name claims; nil when the name is not 64 lower-case hex in the right folder.
    public let digest: Digest?
    public let isRegular: Bool
    public let mode: mode_t
    public let size: Int64
}

extension ObjectStore {
    /// The mode every object has: read-only for everyone (git's objects are 0444 too).
    public static let objectMode: mode_t = 0o444

    /// Re-reads an object: its size first (a truncated file needs no hashing), then its SHA-256.
    /// `buffer` is the caller's (one per thread), so a long audit allocates nothing per object.
    public func check(_ digest: Digest, expectedSize: Int64, buffer: UnsafeMutableRawBufferPointer) -> ObjectCheck {
        let objectPath = path(for: digest)
        let noAtime: Int32 = 0o1000000  // O_NOATIME (glibc hides it without _GNU_SOURCE): no inode write per read
        let fd = Glibc.open(objectPath, O_RDONLY | O_CLOEXEC | noAtime)
        let opened = fd >= 0 ? fd : Glibc.open(objectPath, O_RDONLY | O_CLOEXEC)  // O_NOATIME needs ownership
        guard opened >= 0 else {
            return errno == ENOENT ? .missing : .unreadable(String(cString: strerror(errno)))
        }
        defer { close(opened) }
        guard let st = FileInfo.of(descriptor: opened) else { return .unreadable(String(cString: strerror(errno))) }
        guard st.isFile else { return .unreadable("not a regular file") }
        if st.size != expectedSize { return .wrongSize(actual: st.size) }
        _ = posix_fadvise(opened, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        var hasher = SHA256()
        while true {
            let n = Glibc.read(opened, buffer.baseAddress!, buffer.count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                return .unreadable(String(cString: strerror(errno)))
            }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        let actual = Digest(hasher.finalize())
        return actual == digest ? .ok : .corrupt(actual: actual)
    }

    /// Size and mode of an object without reading it (nil when it is not there).
    public func fileStatus(_ digest: Digest) -> (size: Int64, mode: mode_t)? {
        // One stat where the object is (not path(for:)'s look first, then this one): an audit asks for every object.
        guard let st = FileInfo.of(oneLevelPath(for: digest), followLinks: false) ?? FileInfo.of(twoLevelPath(for: digest), followLinks: false)
        else { return nil }
        return (st.size, st.mode)
    }

    /// Every file under `objects/`, one fan-out folder at a time (memory stays flat).
    /// Whether objects/ holds at least one file (stops at the first).
    public func holdsAnyObject() -> Bool {
        func holdsOne(_ folder: String, depth: Int) -> Bool {
            for entry in DirectoryEntries.read(folder) ?? [] {
                if entry.name.count == 64, Digest(hex: RawPath.string(entry.name)) != nil { return true }
                if depth < 2, entry.name.count == 2, holdsOne(folder + "/" + RawPath.string(entry.name), depth: depth + 1) { return true }
            }
            return false
        }
        return holdsOne(objectsDirectory, depth: 0)
    }

    public func walkObjectFiles(_ visit: (ObjectFile) -> Void) {
        forEachName(sorted: true) { folder, name, _, prefix in
            let path = folder + "/" + name
            let digest = prefix.flatMap { prefix in Digest(hex: name).flatMap { $0.hex.hasPrefix(prefix) && $0.hex == name ? $0 : nil } }
            guard let st = FileInfo.of(path, followLinks: false) else {
                return visit(ObjectFile(path: path, digest: digest, isRegular: false, mode: 0, size: 0))
            }
            visit(ObjectFile(path: path, digest: digest, isRegular: st.isFile, mode: st.mode, size: st.size))
        }
    }

    /// Moves a damaged object aside, to `quarantine/damaged/<digest>` (a suffix when that is
    /// taken): never deleted, out of the way of a restored copy. Returns where it went.
    @discardableResult
    public func setAside(_ digest: Digest) throws -> String {
        try setAside(path: path(for: digest), as: digest.hex, under: "damaged")
    }

    /// Moves any file (a stray under objects/) aside to `quarantine/<folder>/<name>`.
    @discardableResult
    public func setAside(path source: String, as name: String, under folder: String) throws -> String {
        let directory = quarantineDirectory + "/" + folder
        try POSIX.makeDirectory(directory)
        var target = directory + "/" + name
        var n = 2
        while POSIX.exists(target) {
            target = directory + "/" + name + ".\(n)"
            n += 1
        }
        guard rename(source, target) == 0 else { throw StoreError.from(errno: errno, path: source, operation: "move aside") }
        try POSIX.fsyncDirectory(directory)
        return target
    }

    /// Gives an object its proper mode back (0444).
    public func fixMode(_ digest: Digest) throws {
        guard chmod(path(for: digest), Self.objectMode) == 0 else {
            throw StoreError.from(errno: errno, path: path(for: digest), operation: "chmod")
        }
    }

    /// Entries of `tmp/` that no live writer owns: what a crashed writer left (a writable store
    /// removes them when it opens).
    public static func staleTemporaryEntries(root: String) -> [String] {
        TempSession.staleEntries(in: root + "/tmp")
    }

    /// Puts the bytes of `file` in place as object `digest`, only if they hash to it: staged,
    /// verified, synced, linked, synced. Returns false (and changes nothing) when they do not.
    /// The damaged object must have been set aside first.
    public func restore(_ digest: Digest, from file: String) throws -> Bool {
        var staged = try stage(fileAt: file, headCount: 0)
        staged.head = []
        guard staged.digest == digest else {
            discard(staged)
            return false
        }
        if staged.alreadyStored { return true }
        try syncToDisk()
        try publish(staged)
        try syncToDisk()
        return true
    }
}
