import KhoVocabulary
import CKhoSys
import struct Crypto.SHA256
import Glibc

/// A file read into the store's temporary area, hashed, not yet published.
public struct StagedObject: Sendable {
    public let digest: Digest
    public let size: Int64
    /// Modification time of the source file, seconds since 1970.
    public let sourceModified: Double
    /// The first bytes of the content (the whole content for small files), for sniffing.
    /// Callers drop it (set it empty) once read, so a batch does not hold file contents.
    public var head: [UInt8]
    /// Where the bytes wait in `tmp/` until published; nil when the store already had them.
    let tempPath: String?
    public var alreadyStored: Bool { tempPath == nil }
}

/// The outcome of re-reading one object.
public enum VerifyResult: Equatable, Sendable {
    case ok
    case missing
    case corrupt(actual: Digest, size: Int64)
}

/// The content-addressed object store: `objects/sha256/ab/<64 hex>`, read-only files whose
/// name is the SHA-256 of their bytes. It knows bytes and digests only — no catalogue, no types.
///
/// Writing is two-phase so that a batch of files costs two file-system syncs, not two per file:
/// `stage` streams a file into the private temporary area while hashing it; `syncToDisk` makes the
/// staged bytes durable; `publish` links each into place (an existing name means "already there");
/// a second `syncToDisk` makes the new names durable. Only then may a catalogue point at them.
/// A crash at any instant leaves complete objects or nothing under `objects/`; what it leaves in
/// `tmp/` is removed when the next writer opens the store.
public final class ObjectStore: @unchecked Sendable {
    public let root: String
    public var objectsDirectory: String { root + "/objects/sha256" }
    public var quarantineDirectory: String { root + "/quarantine" }
    public var tmpDirectory: String { root + "/tmp" }

    /// Files up to this size are read whole: a digest already stored costs no write at all.
    public static let wholeReadLimit = 4 << 20
    static let streamChunk = 1 << 20
    /// Large files are copied and hashed in windows of this size (a multiple of the page size).
    static let hashWindow = 8 << 20

    private let rootFD: Int32
    private let session: TempSession?
    /// A store from before the one-level layout, opened read-only: objects may be one or two
    /// folders down (see ObjectStore+Layout).
    private let twoLevels: Bool

    /// Opens an existing store. A writable store first removes what dead writers left in `tmp/`.
    public init(root: String, writable: Bool = true) throws {
        guard ObjectStore.isStore(at: root) else { throw StoreError.notARepository(path: root) }
        self.root = root
        rootFD = try POSIX.open(root, O_RDONLY | O_DIRECTORY)
        var oneLevel = Self.hasOneLevel(root: root)
        if writable {
            TempSession.removeStale(in: root + "/tmp")
            session = try TempSession(tmpRoot: root + "/tmp")
            if !oneLevel {
                do { try Self.moveToOneLevel(root: root, rootFD: rootFD, objectsDirectory: root + "/objects/sha256") } catch {
                    close(rootFD)
                    throw error
                }
                oneLevel = true
            }
        } else {
            session = nil
        }
        twoLevels = !oneLevel
    }

    deinit { close(rootFD) }

    /// Where an object is: one folder down, or — in a store not yet moved, or for an object an
    /// older kho still running wrote after the move — two folders down (ObjectStore+Layout).
    public func path(for digest: Digest) -> String {
        if twoLevels, case let old = twoLevelPath(for: digest), POSIX.exists(old) { return old }
        let path = oneLevelPath(for: digest)
        if !twoLevels, !POSIX.exists(path), case let old = twoLevelPath(for: digest), POSIX.exists(old) { return old }
        return path
    }

    public func contains(_ digest: Digest) -> Bool {
        POSIX.exists(oneLevelPath(for: digest)) || POSIX.exists(twoLevelPath(for: digest))
    }

    /// A file holding exactly the staged bytes (its temporary copy, or the stored object), for
    /// readers such as libmagic that want a file rather than a buffer.
    /// A new path in this writer's own corner of `tmp/`, for bytes arriving from elsewhere (a web
    /// upload): removed with the corner when this writer ends or dies.
    public func scratchPath() throws -> String {
        guard let session else { throw StoreError.io(path: root, operation: "write (store opened read-only)", errno: EROFS) }
        return session.newPath()
    }

    public func contentPath(of staged: StagedObject) -> String { staged.tempPath ?? path(for: staged.digest) }

    // MARK: Writing

    /// Reads the regular file at `path` once: hashes it and, unless the store already holds the
    /// same bytes, copies it into the temporary area. `headCount` bytes are kept for sniffing.
    /// A symbolic link is refused unless `followLink` (the walker decided it stays inside the
    /// folders given); whatever was opened must be a regular file, so a link, pipe or device
    /// swapped in after the walk is caught here. O_NONBLOCK: opening a pipe must not hang.
    public func stage(fileAt path: String, headCount: Int, followLink: Bool = false) throws -> StagedObject {
        guard let session else { throw StoreError.io(path: root, operation: "write (store opened read-only)", errno: EROFS) }
        let fd: Int32
        do {
            fd = try POSIX.open(path, O_RDONLY | O_NONBLOCK | (followLink ? 0 : O_NOFOLLOW))
        } catch StoreError.io(_, _, let e) where e == ELOOP && !followLink {
            throw StoreError.symbolicLink(path: path)
        }
        defer { close(fd) }
        guard let st = FileInfo.of(descriptor: fd) else { throw StoreError.from(errno: errno, path: path, operation: "stat") }
        guard st.isFile else { throw StoreError.notRegularFile(path: path) }
        let mtime = Double(st.mtimeNs) / 1e9
        let tempPath = session.newPath()

        if Int(st.size) <= ObjectStore.wholeReadLimit {
            let bytes = try readWhole(fd, sizeHint: Int(st.size), path: path)
            let digest = Digest.of(bytes)
            let head = bytes.count <= headCount ? bytes : Array(bytes.prefix(headCount))
            if contains(digest) {
                return StagedObject(digest: digest, size: Int64(bytes.count), sourceModified: mtime, head: head, tempPath: nil)
            }
            try writeNew(tempPath) { out in
                try bytes.withUnsafeBytes { try POSIX.writeAll(out, $0, path: tempPath) }
            }
            return StagedObject(digest: digest, size: Int64(bytes.count), sourceModified: mtime, head: head, tempPath: tempPath)
        }

        let (digest, size, head) = try copyAndHash(from: fd, sourcePath: path, to: tempPath, headCount: headCount)
        if contains(digest) {
            unlink(tempPath)
            return StagedObject(digest: digest, size: size, sourceModified: mtime, head: head, tempPath: nil)
        }
        return StagedObject(digest: digest, size: size, sourceModified: mtime, head: head, tempPath: tempPath)
    }

    /// Large files: the kernel copies the source into the temporary file (copy_file_range, as cp
    /// does — no trip through user space), then the *copy* is hashed through a memory map. Hashing
    /// the copy, not the source, means the digest always names the bytes stored, even if someone
    /// writes to the source meanwhile.
    private func copyAndHash(from fd: Int32, sourcePath: String, to tempPath: String, headCount: Int) throws -> (Digest, Int64, [UInt8]) {
        var hasher = SHA256()
        var head: [UInt8] = []
        var size: Int64 = 0
        try writeNew(tempPath, readable: true) { out in
            var useKernelCopy = true
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ObjectStore.streamChunk, alignment: 4096)
            defer { buffer.deallocate() }
            while true {
                var n = 0
                if useKernelCopy {
                    n = kho_copy_file_range(fd, out, UInt(ObjectStore.hashWindow))
                    if n < 0 {
                        // Not supported across these file systems: fall back to read and write.
                        guard [EXDEV, ENOSYS, EOPNOTSUPP, EINVAL, EBADF].contains(errno) else {
                            throw StoreError.from(errno: errno, path: errno == ENOSPC ? tempPath : sourcePath, operation: "copy")
                        }
                        useKernelCopy = false
                        continue
                    }
                } else {
                    n = try POSIX.read(fd, buffer.baseAddress!, buffer.count, path: sourcePath)
                    try POSIX.writeAll(out, UnsafeRawBufferPointer(rebasing: buffer[0..<n]), path: tempPath)
                }
                if n == 0 { break }
                // The disk may start on this window now; the batch's sync then has little left to do.
                _ = kho_start_writeback(out, size, Int64(n))
                // Hash what was just copied, from the copy.
                try hashRange(of: out, offset: size, count: n, path: tempPath) { chunk in
                    hasher.update(bufferPointer: chunk)
                    if head.count < headCount { head.append(contentsOf: chunk.prefix(headCount - head.count)) }
                }
                size += Int64(n)
            }
        }
        return (Digest(hasher.finalize()), size, head)
    }

    /// Maps `count` bytes of `fd` at `offset` read-only and hands them to `body`.
    private func hashRange(of fd: Int32, offset: Int64, count: Int, path: String, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        // mmap wants a page-aligned offset; a short copy can leave us mid-page.
        let page = Int64(sysconf(Int32(_SC_PAGESIZE)))
        let aligned = offset - offset % page
        let skip = Int(offset - aligned)
        guard let map = mmap(nil, count + skip, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, off_t(aligned)), map != MAP_FAILED else {
            throw StoreError.from(errno: errno, path: path, operation: "mmap")
        }
        defer { munmap(map, count + skip) }
        body(UnsafeRawBufferPointer(start: map + skip, count: count))
    }

    /// Makes everything written so far durable: one syncfs(2) covers a whole batch.
    public func syncToDisk() throws {
        if kho_syncfs(rootFD) != 0 { throw StoreError.from(errno: errno, path: root, operation: "syncfs") }
    }

    /// Links a staged object into `objects/`. Returns false when it was already there.
    /// Call `syncToDisk()` before (the bytes) and after (the names) a batch of these.
    @discardableResult
    public func publish(_ staged: StagedObject) throws -> Bool {
        guard let tempPath = staged.tempPath else { return false }
        let target = path(for: staged.digest)
        defer { unlink(tempPath) }
        var linked = link(tempPath, target) == 0
        if !linked && errno == ENOENT {  // its fan-out folder removed by hand: make it again
            try POSIX.makeDirectory(String(target[..<target.lastIndex(of: "/")!]))
            linked = link(tempPath, target) == 0
        }
        if !linked {
            if errno == EEXIST { return false }  // another writer got there first: same bytes
            throw StoreError.from(errno: errno, path: target, operation: "link")
        }
        return true
    }

    /// Keeps refused bytes, read-only, at `quarantine/<digest>` for a person to inspect.
    @discardableResult
    public func quarantine(_ staged: StagedObject) throws -> String {
        let target = quarantineDirectory + "/" + staged.digest.hex
        let source = staged.tempPath ?? path(for: staged.digest)
        if link(source, target) != 0 && errno != EEXIST {
            throw StoreError.from(errno: errno, path: target, operation: "link")
        }
        if let tempPath = staged.tempPath { unlink(tempPath) }
        return target
    }

    /// Drops a staged copy that will not be published.
    public func discard(_ staged: StagedObject) {
        if let tempPath = staged.tempPath { unlink(tempPath) }
    }

    // MARK: Reading

    /// Re-reads an object and checks its bytes against its name.
    public func verify(_ digest: Digest) throws -> VerifyResult {
        let objectPath = path(for: digest)
        let fd: Int32
        do { fd = try POSIX.open(objectPath, O_RDONLY) } catch StoreError.notFound { return .missing }
        defer { close(fd) }
        var hasher = SHA256()
        var size: Int64 = 0
        try forEachChunk(fd, path: objectPath) { hasher.update(bufferPointer: $0); size += Int64($0.count) }
        let actual = Digest(hasher.finalize())
        return actual == digest ? .ok : .corrupt(actual: actual, size: size)
    }

    /// Copies an object's bytes to `destination`, verifying the digest as they stream. The file
    /// appears under its name only when complete and verified; an existing file is never replaced.
    public func export(_ digest: Digest, to destination: String) throws {
        let objectPath = path(for: digest)
        let input: Int32
        do { input = try POSIX.open(objectPath, O_RDONLY) } catch StoreError.notFound { throw StoreError.missingObject(digest) }
        defer { close(input) }
        let partial = destination + ".kho-partial-\(getpid())"
        var hasher = SHA256()
        do {
            try writeNew(partial, mode: 0o644) { out in
                try forEachChunk(input, path: objectPath) { chunk in
                    hasher.update(bufferPointer: chunk)
                    try POSIX.writeAll(out, chunk, path: partial)
                }
                let actual = Digest(hasher.finalize())
                guard actual == digest else {
                    throw StoreError.corruptObject(expected: digest, actual: actual, path: objectPath)
                }
                try POSIX.fsync(out, path: partial)
            }
            if link(RawPath.c(partial), RawPath.c(destination)) != 0 {
                let e = errno
                throw e == EEXIST
                    ? StoreError.io(path: destination, operation: "export (a file of that name exists; kho never overwrites)", errno: e)
                    : StoreError.from(errno: e, path: destination, operation: "export")
            }
            unlink(RawPath.c(partial))
        } catch {
            unlink(RawPath.c(partial))
            throw error
        }
    }

    /// Deletes an object's bytes (`kho gc`, after `kho remove`): the one way stored content goes.
    /// An object already gone is not an error. The caller syncs (`syncToDisk`) once for many.
    public func delete(_ digest: Digest) throws {
        let path = path(for: digest)
        guard unlink(path) == 0 || errno == ENOENT else { throw StoreError.io(path: path, operation: "delete", errno: errno) }
    }

    /// Every digest under `objects/` (walks the fan-out directories).
    public func allDigests() throws -> [Digest] {
        var result: [Digest] = []
        forEachName { _, name, _, prefix in
            if let prefix, name.hasPrefix(prefix), let d = Digest(hex: name), d.hex == name { result.append(d) }
        }
        return result
    }

    // MARK: Helpers

    private func readWhole(_ fd: Int32, sizeHint: Int, path: String) throws -> [UInt8] {
        // One byte of slack tells a file that grew while we read from one that did not.
        var bytes = [UInt8](repeating: 0, count: sizeHint + 1)
        var filled = 0
        try bytes.withUnsafeMutableBytes { raw in
            while filled < raw.count {
                let n = try POSIX.read(fd, raw.baseAddress! + filled, raw.count - filled, path: path)
                if n == 0 { break }
                filled += n
            }
        }
        if filled == bytes.count {
            // It grew: take the rest too, so the digest covers the bytes we store.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ObjectStore.streamChunk, alignment: 16)
            defer { buffer.deallocate() }
            while true {
                let n = try POSIX.read(fd, buffer.baseAddress!, buffer.count, path: path)
                if n == 0 { break }
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            }
            return bytes
        }
        bytes.removeLast(bytes.count - filled)
        return bytes
    }

    private func writeNew(_ path: String, mode: mode_t = 0o444, readable: Bool = false, _ body: (Int32) throws -> Void) throws {
        // Created read-only from the start: objects are immutable, and so is anything on its way there.
        let fd = try POSIX.open(path, (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_EXCL, mode)
        defer { close(fd) }
        do { try body(fd) } catch { unlink(RawPath.c(path)); throw error }
    }

    private func forEachChunk(_ fd: Int32, path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ObjectStore.streamChunk, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let n = try POSIX.read(fd, buffer.baseAddress!, buffer.count, path: path)
            if n == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

}
