import Dispatch
import Foundation
import KhoVocabulary
import KhoMedia
import Synchronization

/// The helpers of ingest's parallel staging (also used by audit and dedup): work spread over
/// threads, slots they fill, and the hand-off of a batch from the catalogue queue.
extension IngestJob {
    /// Runs `body(index, worker)` for every index in 0..<count on `workers` threads; each index once.
    static func parallelFor(_ count: Int, workers: Int, _ body: @Sendable (Int, Int) -> Void) {
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                if i >= count { return }
                body(i, worker)
            }
        }
    }
}

/// Hands one batch's commit result from the catalogue queue to the ingest loop.
final class CommitSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<IngestJob.CommittedBatch, Error>?
    func put(_ r: Result<IngestJob.CommittedBatch, Error>) { lock.withLock { result = r } }
    func collect() throws -> IngestJob.CommittedBatch {
        try lock.withLock { defer { result = nil }; return try result!.get() }
    }
}

/// A Sniffer handed to exactly one worker thread at a time.
final class SnifferBox: @unchecked Sendable {
    let sniffer: Sniffer
    init(_ sniffer: Sniffer) { self.sniffer = sniffer }
}

/// Fixed slots that parallel workers fill, each slot by exactly one worker. Raw memory, not an
/// Array: an Array's mutating accessors touch the whole array (uniqueness checks, and
/// withUnsafeMutableBufferPointer empties it for the duration), which races between threads.
final class ResultSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    subscript(i: Int) -> T? {
        get { slots[i] }
        set { slots[i] = newValue }
    }
}
