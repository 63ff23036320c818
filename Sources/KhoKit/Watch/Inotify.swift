import KhoVocabulary
import Glibc
import KhoStore

/// Linux inotify over a folder tree: one watch per folder, events as (path, what).
///
/// Events are hints: the watcher re-stats every path it hears about, and rescans the whole inbox
/// anyway (a queue overflow, a folder created and filled before its watch existed, a network
/// share that reports nothing).
final class Inotify {
    enum Change {
        /// Created, written and closed, or its attributes changed: look again.
        case touched(String)
        /// Renamed into a watched folder: complete, take it at once.
        case movedIn(String)
        /// Deleted or renamed away.
        case gone(String)
        /// A new folder: watch it and scan it. Files in a folder moved in are complete.
        case folder(String, movedIn: Bool)
        /// The kernel's queue overflowed: rescan everything.
        case overflow
    }

    struct Failure: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "\(path): \(reason)" }
    }

    let fd: Int32
    private var folders: [Int32: String] = [:]
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)

    init() throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw Failure(path: "inotify", reason: String(cString: strerror(errno))) }
    }

    deinit { close(fd) }

    var watchCount: Int { folders.count }

    /// Watches one folder (not its sub-folders: the caller walks them).
    func watch(folder path: String) throws {
        let mask = UInt32(IN_CREATE | IN_CLOSE_WRITE | IN_ATTRIB | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF
                          | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)
        let wd = inotify_add_watch(fd, path, mask)
        guard wd >= 0 else {
            let reason = errno == ENOSPC
                ? "the system's limit of inotify watches is reached (raise fs.inotify.max_user_watches, or use --poll)"
                : String(cString: strerror(errno))
            throw Failure(path: path, reason: reason)
        }
        folders[wd] = path
    }

    /// Reads every event waiting (never blocks).
    func read() -> [Change] {
        var changes: [Change] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n <= 0 { break }
            var offset = 0
            let header = MemoryLayout<inotify_event>.size
            buffer.withUnsafeBytes { raw in
                while offset + header <= n {
                    let wd = raw.load(fromByteOffset: offset, as: Int32.self)
                    let mask = raw.load(fromByteOffset: offset + 4, as: UInt32.self)
                    let length = Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self))
                    let nameBytes = raw[(offset + header)..<(offset + header + length)].prefix { $0 != 0 }
                    offset += header + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 { changes.append(.overflow); continue }
                    if mask & UInt32(IN_IGNORED) != 0 { folders[wd] = nil; continue }
                    guard let folder = folders[wd] else { continue }
                    if mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { continue }
                    let path = folder + "/" + RawPath.string(nameBytes)
                    let isFolder = mask & UInt32(IN_ISDIR) != 0
                    if isFolder {
                        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                            changes.append(.folder(path, movedIn: mask & UInt32(IN_MOVED_TO) != 0))
                        }
                    } else if mask & UInt32(IN_MOVED_TO) != 0 {
                        changes.append(.movedIn(path))
                    } else if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
                        changes.append(.gone(path))
                    } else {
                        changes.append(.touched(path))
                    }
                }
            }
        }
        return changes
    }
}
