import KhoVocabulary
import CKhoSys
import Glibc
import Synchronization

/// A request to stop that a blocked poll(2) hears at once (an eventfd), safe from any thread.
public final class StopSignal: Sendable {
    let fd: Int32
    private let requested = Atomic<Bool>(false)

    public init() {
        fd = kho_eventfd()
    }

    deinit { close(fd) }

    public func request() {
        requested.store(true, ordering: .sequentiallyConsistent)
        var one: UInt64 = 1
        _ = write(fd, &one, 8)
    }

    public var isRequested: Bool { requested.load(ordering: .sequentiallyConsistent) }
}
