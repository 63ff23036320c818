import CKhoSys
import Foundation
import KhoVocabulary
import Glibc
import KhoStore
import KhoCatalogue

/// Which file each ingest worker is reading, kept on disk (`<repo>/reading/<pid>.<worker>` holds
/// its path) so that a file that kills kho — a C library's own crash, where no Swift error can
/// reach — is known at the next start and set aside instead of killing kho again, and again.
///
/// A mark is two system calls per file and is never synced: a dead process's page cache outlives
/// it, and a power cut is no file's fault.
final class ReadingMarks: @unchecked Sendable {
    /// A file some kho process was reading when it stopped.
    struct Leftover: Equatable, Sendable {
        var path: String
        var size: Int64
        var mtimeNs: Int64
        /// kho's crash handler marked it (not a kill or a power cut).
        var crashed: Bool
    }

    static let folderName = "reading"
    private let folder: String
    private var descriptors: [Int32]

    private let names: [String]

    /// `label`: marks of another kind of work in the same process (previews) get names of their own.
    init(repository root: String, workers: Int, label: String? = nil) {
        folder = root + "/" + Self.folderName
        mkdir(folder, 0o755)
        names = (0..<workers).map { worker in "\(getpid())." + (label.map { $0 + "." } ?? "") + "\(worker)" }
        descriptors = names.map { name in open(root + "/" + Self.folderName + "/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
    }

    deinit {
        for (worker, fd) in descriptors.enumerated() where fd >= 0 {
            close(fd)
            unlink(folder + "/" + names[worker])
        }
    }

    /// `worker` starts on `path` (each worker index is used by one thread at a time).
    func begin(worker: Int, path: String) {
        guard worker < descriptors.count, descriptors[worker] >= 0 else { return }
        let bytes = Array(path.utf8)
        _ = ftruncate(descriptors[worker], 0)
        _ = bytes.withUnsafeBytes { pwrite(descriptors[worker], $0.baseAddress, $0.count, 0) }
        kho_reading_mark_set(descriptors[worker])
    }

    func end(worker: Int) {
        guard worker < descriptors.count, descriptors[worker] >= 0 else { return }
        kho_reading_mark_set(-1)
        _ = ftruncate(descriptors[worker], 0)
    }

    /// Takes the marks of kho processes that are gone: the files they were reading (still there,
    /// with their size and time now). The marks are removed; those of live processes are left.
    static func collectLeftovers(repository root: String) -> [Leftover] {
        let folder = root + "/" + folderName
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var found: [Leftover] = []
        for name in names {
            guard let pid = name.split(separator: ".").first.flatMap({ pid_t($0) }), pid > 0, !isAlive(pid) else { continue }
            let mark = folder + "/" + name
            if let data = FileManager.default.contents(atPath: mark), !data.isEmpty {
                var text = String(decoding: data, as: UTF8.self)
                let crashed = text.hasSuffix(crashFlag)
                if crashed { text.removeLast(crashFlag.count) }
                let path = text
                if let st = FileInfo.of(path) {
                    found.append(Leftover(path: path, size: st.size, mtimeNs: st.mtimeNs, crashed: crashed))
                }
            }
            unlink(mark)
        }
        return found
    }

    /// Records what dead kho processes were reading as suspects (at the start of an ingest, a
    /// watcher or a preview run), so that nothing reads those files again.
    static func recordLeftovers(repository root: String, in ledger: any IngestLedger) throws {
        let time = Timestamp.now()
        try ledger.recordSuspects(collectLeftovers(repository: root).map {
            SuspectFile(path: $0.path, size: $0.size, mtimeNs: $0.mtimeNs, crashed: $0.crashed, foundAt: time)
        })
    }

    /// What CKhoSys's crash handler appends to the crashing thread's mark.
    static let crashFlag = "\n!crashed"

    private static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
