import KhoVocabulary
import CKhoSys
import Glibc
import KhoStore

/// Asks the kernel whether anyone holds a file open for writing: a read lease (F_SETLEASE)
/// is refused with EAGAIN exactly then. It can only be asked of files we own (or with
/// CAP_LEASE) on local file systems; elsewhere the answer is "unknown" and the stability
/// window alone decides.
enum WriterCheck {
    enum Answer: Equatable { case noWriter, writerOpen, unknown }

    static func check(_ path: String) -> Answer {
        let fd = open(RawPath.c(path), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return .unknown }
        defer { close(fd) }
        switch kho_writer_open(fd) {
        case 0: return .noWriter
        case 1: return .writerOpen
        default: return .unknown
        }
    }
}
