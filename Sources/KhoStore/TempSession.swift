import KhoVocabulary
import Glibc

/// One writer process's private corner of `tmp/`: a directory `tmp/<pid>-<random>/` guarded by
/// an flock on `tmp/<pid>-<random>.lock`. Several writers (an ingest beside a watcher) can work
/// at once; at start each one removes the corners whose lock nobody holds — what a crashed or
/// killed writer left behind.
final class TempSession: @unchecked Sendable {
    let directory: String
    private let lockPath: String
    private let lockFD: Int32

    init(tmpRoot: String) throws {
        while true {
            let name = "\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
            let lockPath = tmpRoot + "/" + name + ".lock"
            // Lock first, then make the directory: a directory without a lock file is always stale.
            let fd = try POSIX.open(lockPath, O_RDWR | O_CREAT | O_EXCL, 0o600)
            guard flock(fd, LOCK_EX) == 0 else {
                let e = errno
                close(fd)
                throw StoreError.from(errno: e, path: lockPath, operation: "flock")
            }
            // A cleaner may have taken the lock file for stale between our open and our flock.
            if let held = FileInfo.of(descriptor: fd), let named = FileInfo.of(lockPath), held.inode == named.inode {
                self.lockPath = lockPath
                self.lockFD = fd
                self.directory = tmpRoot + "/" + name
                break
            }
            close(fd)
        }
        try POSIX.makeDirectory(directory, mode: 0o700)
        for lane in 0..<TempSession.lanes { try POSIX.makeDirectory(directory + "/" + String(lane, radix: 16), mode: 0o700) }
    }

    /// Sub-directories that spread parallel writers' new files: creating files in one directory
    /// serialises on its lock, and ext4 allocates their inodes from one block group.
    static let lanes = 16

    /// A fresh, unused path for a file in transit.
    func newPath() -> String {
        let random = UInt64.random(in: 0...UInt64.max)
        return directory + "/" + String(random % UInt64(TempSession.lanes), radix: 16) + "/" + String(random, radix: 36)
    }

    deinit {
        POSIX.removeTree(directory)
        unlink(lockPath)
        close(lockFD)
    }

    /// Removes every entry of `tmpRoot` that no live writer owns. Returns how many it removed.
    @discardableResult
    static func removeStale(in tmpRoot: String) -> Int {
        let stale = staleEntries(in: tmpRoot)
        for path in stale {
            POSIX.removeTree(path)
            if path.hasSuffix(".lock") { unlink(path) }
        }
        return stale.filter { !$0.hasSuffix(".lock") }.count
    }

    /// The entries of `tmpRoot` no live writer owns: corners whose lock nobody holds (with that
    /// lock file), and anything without a lock beside it.
    static func staleEntries(in tmpRoot: String) -> [String] {
        guard let names = try? POSIX.listDirectory(tmpRoot) else { return [] }
        let present = Set(names)
        var stale: [String] = []
        for name in names.sorted() {
            let path = tmpRoot + "/" + name
            if name.hasSuffix(".lock") {
                let fd = Glibc.open(path, O_RDWR | O_CLOEXEC)
                guard fd >= 0 else { continue }
                // Nobody holds it: its owner is gone. (Taking it briefly is harmless: a writer
                // checks, after its own flock, that its lock file is still the one named.)
                if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                    let corner = String(path.dropLast(5))
                    if present.contains(String(name.dropLast(5))) { stale.append(corner) }
                    stale.append(path)
                }
                close(fd)
            } else if !present.contains(name + ".lock") {
                stale.append(path)
            }
        }
        return stale
    }
}
