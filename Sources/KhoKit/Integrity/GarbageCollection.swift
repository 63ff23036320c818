import Foundation
import KhoVocabulary
import Glibc
import KhoCatalogue
import KhoStore

/// Deletes the bytes of removed objects — the one place kho ever deletes stored content, run on
/// purpose (`kho gc`), after `kho remove` logged who removed what and why. Mirrors keep their
/// copies (they are never pruned). The removals log stays.
public struct GarbageCollection {
    public struct Report: Sendable, Codable {
        public var collected: [String]
        public var bytesFreed: Int64
        public var dryRun: Bool
        enum CodingKeys: String, CodingKey { case collected, bytesFreed = "bytes_freed", dryRun = "dry_run" }
    }

    let repository: Repository
    public init(repository: Repository) { self.repository = repository }

    public func run(dryRun: Bool) throws -> Report {
        let removed = try repository.catalogue.removedObjects()
        var report = Report(collected: removed.map(\.digest), bytesFreed: removed.reduce(0) { $0 + $1.size }, dryRun: dryRun)
        guard !dryRun, !removed.isEmpty else { return report }
        var done: [Int64] = []
        for object in removed {
            guard let digest = Digest(hex: object.digest) else { continue }
            if (try? repository.store.delete(digest)) != nil {
                repository.previews.remove(digest)
                done.append(object.id!)
            }
        }
        try repository.store.syncToDisk()
        try repository.catalogue.forgetCollected(objectIDs: done)
        report.collected = removed.filter { done.contains($0.id!) }.map(\.digest)
        report.bytesFreed = removed.filter { done.contains($0.id!) }.reduce(0) { $0 + $1.size }
        return report
    }
}
