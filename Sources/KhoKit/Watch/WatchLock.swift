import Foundation
import KhoVocabulary
import Glibc

/// One watcher per repository: an exclusive flock on `<repository>/watch.lock`, holding the
/// watcher's pid for the message a second one prints. The kernel drops the lock when the
/// process ends, however it ends (kill -9 included), so there is never a stale lock to clear.
public final class WatchLock {
    public static let fileName = "watch.lock"
    private let fd: Int32

    public struct Held: Error, CustomStringConvertible {
        public let repository: String
        public let pid: String?
        public var description: String {
            "another kho watch\(pid.map { " (pid \($0))" } ?? "") is already watching into \(repository); "
                + "stop it first (for the service: systemctl stop kho-watch), or give another --repo"
        }
    }

    public init(repository: String) throws {
        let path = repository + "/" + Self.fileName
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw FileMover.Failure(path: path, reason: "cannot create the watch lock: " + String(cString: strerror(errno)))
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(fd)
            throw Held(repository: repository, pid: pid?.isEmpty == false ? pid : nil)
        }
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { close(fd) }

    /// The pid of the watcher holding the lock, or nil when none runs.
    public static func holder(repository: String) -> String? {
        let path = repository + "/" + fileName
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_SH | LOCK_NB) == 0 { flock(fd, LOCK_UN); return nil }
        let pid = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return pid.isEmpty ? "?" : pid
    }
}
