import KhoVocabulary
import Glibc

/// What can go wrong in the object store, in words a non-engineer can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(path: String)
    case permissionDenied(path: String)
    case notRegularFile(path: String)
    case symbolicLink(path: String)
    case diskFull(path: String)
    case io(path: String, operation: String, errno: Int32)
    case missingObject(Digest)
    case corruptObject(expected: Digest, actual: Digest, path: String)
    case notARepository(path: String)

    public var description: String {
        switch self {
        case .notFound(let p): return "\(p): the file is gone (deleted or moved while kho was reading it)"
        case .permissionDenied(let p): return "\(p): permission denied — ask IT to give kho read access"
        case .notRegularFile(let p): return "\(p): not a regular file (device, pipe or socket); skipped"
        case .symbolicLink(let p): return "\(p): a symbolic link; kho does not follow links here — put the file itself there"
        case .diskFull: return "the disk holding the repository is full — free space, then run the same command again"
        case .io(let p, let op, let e): return "\(p): \(op) failed: \(String(cString: strerror(e)))"
        case .missingObject(let d): return "object \(d.short)… is missing from the store — run `kho audit`"
        case .corruptObject(let e, let a, let p): return "\(p): content does not match its digest (expected \(e.short)…, read \(a.short)…) — the object is damaged; run `kho audit`"
        case .notARepository(let p): return "\(p) is not a kho object store"
        }
    }

    /// Maps an errno from an operation on `path` to the plainest error we have.
    static func from(errno e: Int32, path: String, operation: String) -> StoreError {
        switch e {
        case ENOENT: return .notFound(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path)
        case ENOSPC, EDQUOT: return .diskFull(path: path)
        default: return .io(path: path, operation: operation, errno: e)
        }
    }
}
