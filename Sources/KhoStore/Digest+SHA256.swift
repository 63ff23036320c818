import struct Crypto.SHA256
import Foundation
import KhoVocabulary

// Only SHA256 from Crypto: its protocol `Digest` would hide the object's digest.
extension Digest {
    init(_ digest: SHA256.Digest) { self.init(bytes: digest) }

    /// Digest of bytes in memory.
    public static func of<D: DataProtocol>(_ data: D) -> Digest { Digest(SHA256.hash(data: data)) }
}
