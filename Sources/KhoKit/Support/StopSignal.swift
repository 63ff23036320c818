import KhoVocabulary
import CKhoSys
import Dispatch
import Glibc
import Synchronization

/// A request to stop that a blocked poll(2) hears at once (an eventfd), safe from any thread.
public final class StopSignal: Sendable {
    let fd: Int32
    private let requested = Atomic<Bool>(false)
    /// Signal sources that must live as long as the stop they feed (set once, before any use).
    nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

    func keep(_ source: DispatchSourceSignal) { sources.append(source) }

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

extension StopSignal {
    /// A stop requested by SIGTERM (systemd) or SIGINT (Ctrl-C). Call it first thing: the two
    /// signals are blocked at once, so one that arrives while the caller starts up stays pending
    /// until the dispatch sources read it, instead of being lost.
    public static func onTermination() -> StopSignal {
        kho_block_stop_signals()
        let stop = StopSignal()
        for sig in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.request() }
            source.resume()
            stop.keep(source)
        }
        return stop
    }
}
