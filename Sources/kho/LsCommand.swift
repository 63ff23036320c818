import ArgumentParser
import KhoKit

struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "The most recent items, newest first.",
        discussion: """
          kho ls                      the last 20 items
          kho ls --kind image -n 50
          kho ls --unit VanPhong --json

        Dates are the local day each item was ingested (dd/mm/yyyy).
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("n"), .customLong("limit")], help: "How many items.")
    var limit = 20

    @Option(help: ArgumentHelp("Only this kind: image, video, audio, document, archive, other.", valueName: "kind"))
    var kind: String?

    @Option(help: ArgumentHelp("Only items with a source from this unit.", valueName: "name"))
    var unit: String?

    func validate() throws {
        try KindFilter.validate(kind)
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    struct Report: Encodable {
        let items: [ItemJSON]
    }

    func run() throws {
        let library = try global.openForReading()
        var filters = SearchFilters()
        filters.unit = unit
        do {
            try library.check(&filters)
        } catch let failure as FilterFailure {
            throw KhoFailure(message: failure.description, code: 2)
        }
        let items = try library.recent(limit: limit, kind: kind, unit: filters.unit)
        if global.json {
            Output.json(Report(items: items.map { ItemJSON($0, facts: library.typedFacts($0), storedAt: nil) }))
            return
        }
        if items.isEmpty {
            print("The repository is empty. Add files with: kho ingest PATH")
            return
        }
        print("DIGEST        KIND     SIZE       INGESTED    UNIT       NAME")
        for d in items {
            let source = d.sources.last
            let name = Output.name(source?.fileName ?? "") + (source?.nameReading.map { " (reads as \($0))" } ?? "")
            let more = d.sources.count > 1 ? "  (+\(d.sources.count - 1) more sources)" : ""
            let unit = Output.name(source?.unit ?? "")
            print("\(String(d.object.digest.prefix(12)))  \(Output.pad(d.object.kind.rawValue, 8)) \(Output.pad(Output.bytes(d.object.size), 10)) \(Output.localDay(d.object.firstSeenAt))  \(Output.pad(unit, 10)) \(name)\(more)")
        }
    }
}
