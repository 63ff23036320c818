import struct Crypto.SHA256
import Foundation
import Glibc
import KhoVocabulary

/// Reads an object in chunks for someone downloading it, checking its digest as it goes. The last
/// chunk is handed out only once the whole has matched its name, so a damaged object never
/// reaches a browser complete: the download stops short and the browser says it failed.
public final class VerifiedReader {
    public let digest: Digest
    public let size: Int64
    private let fd: Int32
    private let path: String
    private var hasher = SHA256()
    private var withheld: [UInt8]?
    private var finished = false
    private static let chunkSize = 256 * 1024

    public init(store: ObjectStore, digest: Digest) throws {
        self.digest = digest
        path = store.path(for: digest)
        do { fd = try POSIX.open(path, O_RDONLY) } catch StoreError.notFound { throw StoreError.missingObject(digest) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { close(fd); throw StoreError.io(path: path, operation: "stat", errno: errno) }
        size = Int64(info.st_size)
    }

    deinit { close(fd) }

    /// The next bytes to send, nil at the end. Throws `StoreError.corruptObject` instead of the
    /// last chunk when the bytes do not match the digest.
    public func next() throws -> [UInt8]? {
        if finished { return nil }
        while true {
            var chunk = [UInt8](repeating: 0, count: Self.chunkSize)
            let count = try chunk.withUnsafeMutableBytes { buffer -> Int in
                while true {
                    let n = read(fd, buffer.baseAddress, buffer.count)
                    if n >= 0 { return n }
                    if errno != EINTR { throw StoreError.io(path: path, operation: "read", errno: errno) }
                }
            }
            if count == 0 {
                finished = true
                let actual = Digest(hasher.finalize())
                guard actual == digest else { throw StoreError.corruptObject(expected: digest, actual: actual, path: path) }
                return withheld
            }
            chunk.removeSubrange(count...)
            hasher.update(data: chunk)
            let previous = withheld
            withheld = chunk
            if let previous { return previous }
        }
    }
}
