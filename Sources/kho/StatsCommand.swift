import ArgumentParser
import KhoKit

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How much the repository holds, by kind and by unit.")

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        struct KindCount: Encodable { let count: Int; let bytes: Int64 }
        let repo: String
        let schema_version: Int
        let objects: Int
        let bytes: Int64
        let sources: Int
        let by_kind: [String: KindCount]
        let by_unit: [String: Int]
        let by_extract_status: [String: Int]
        let quarantined: Int
        let ingest_runs: Int
        let last_run: IngestRunRecord?
    }

    func run() throws {
        let library = try global.openForReading()
        let s = try library.stats()
        if global.json {
            Output.json(Report(repo: library.root, schema_version: s.schemaVersion, objects: s.objects, bytes: s.bytes,
                               sources: s.sources, by_kind: s.byKind.mapValues { .init(count: $0.count, bytes: $0.bytes) },
                               by_unit: s.units, by_extract_status: s.extraction, quarantined: s.quarantined, ingest_runs: s.runs, last_run: s.lastRun))
            return
        }
        print("Repository  \(library.root) (schema \(s.schemaVersion))")
        print("Items       \(s.objects) (\(Output.bytes(s.bytes))), from \(s.sources) source paths")
        for kind in MediaKind.allCases {
            guard let k = s.byKind[kind.rawValue] else { continue }
            print("  \(Output.pad(kind.rawValue, 9)) \(Output.pad(String(k.count), 7)) \(Output.bytes(k.bytes))")
        }
        if !s.units.isEmpty {
            print("By unit")
            for (unit, n) in s.units.sorted(by: { $0.key < $1.key }) {
                print("  \(Output.pad(unit.isEmpty ? "(none)" : unit, 20)) \(n)")
            }
        }
        let attention = [("needs-ocr", "need OCR"), ("partial", "read only in part"), ("failed", "could not be read")]
            .compactMap { key, words in s.extraction[key].map { "\($0) \(words)" } }
        if !attention.isEmpty { print("Extraction  " + attention.joined(separator: ", ") + " (kho search finds them by name and metadata only)") }
        print("Quarantined \(s.quarantined)")
        if let r = s.lastRun {
            print("Last ingest run #\(r.id ?? 0) by \(r.user) at \(r.startedAt): \(r.filesSeen) files, \(r.objectsAdded) new, \(r.failed + r.quarantined) not taken")
        }
    }
}
