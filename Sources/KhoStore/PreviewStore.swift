import KhoVocabulary
import Glibc

/// Previews of stored objects: derivatives for people to look at, kept apart from the objects at
/// `previews/ab/<64 hex>-256.webp` (and `-1280.webp`, and a video's `-strip.webp`), named by the source's digest and the
/// preview's size. Never objects, never counted as items, never audited as the library's
/// content: any of them may be deleted and made again (`kho previews`).
///
/// A preview is written to a temporary name and renamed into place, without fsync: a crash may
/// lose one (an empty or missing file is made again), never show half of one.
public struct PreviewStore: Sendable {
    public let root: String

    public init(repositoryRoot: String) { root = repositoryRoot + "/previews" }

    public func path(for digest: Digest, size: PreviewSize) -> String { path(digest, suffix: String(size.rawValue)) }

    /// A video's strip of frames (`-strip.webp`).
    public func stripPath(for digest: Digest) -> String { path(digest, suffix: "strip") }

    private func path(_ digest: Digest, suffix: String) -> String {
        "\(root)/\(String(decoding: digest.hex.utf8.prefix(2), as: UTF8.self))/\(digest.hex)-\(suffix).webp"
    }

    /// Whether the preview is there (an empty file left by a crash is not a preview).
    public func has(_ digest: Digest, size: PreviewSize) -> Bool { present(path(for: digest, size: size)) }

    public func hasStrip(_ digest: Digest) -> Bool { present(stripPath(for: digest)) }

    private func present(_ path: String) -> Bool { (FileInfo.of(path, followLinks: false)?.size ?? 0) > 0 }

    public func write(_ bytes: [UInt8], for digest: Digest, size: PreviewSize) throws {
        try write(bytes, to: path(for: digest, size: size), digest: digest)
    }

    public func writeStrip(_ bytes: [UInt8], for digest: Digest) throws { try write(bytes, to: stripPath(for: digest), digest: digest) }

    private func write(_ bytes: [UInt8], to target: String, digest: Digest) throws {
        let folder = String(target[..<target.lastIndex(of: "/")!])
        try POSIX.makeDirectory(root)
        try POSIX.makeDirectory(folder)
        let partial = "\(folder)/.\(digest.hex).\(UInt32.random(in: 0...UInt32.max)).\(getpid()).partial"
        let fd = try POSIX.open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o444)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let error = StoreError.from(errno: errno, path: target, operation: "write")
                close(fd)
                unlink(partial)
                throw error
            }
            written += n
        }
        close(fd)
        guard rename(partial, target) == 0 else {
            let error = StoreError.from(errno: errno, path: target, operation: "rename")
            unlink(partial)
            throw error
        }
    }

    /// Removes an object's previews (its bytes were deleted, or it is to be hidden).
    public func remove(_ digest: Digest) {
        for size in PreviewSize.allCases { unlink(path(for: digest, size: size)) }
        unlink(stripPath(for: digest))
    }
}
