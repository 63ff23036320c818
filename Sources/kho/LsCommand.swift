import ArgumentParser
import KhoCatalogue
import KhoKit

struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "The most recent items, newest first.",
        discussion: """
          kho ls                      the last 20 items
          kho ls --kind image -n 50
          kho ls --unit VanPhong --json
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
        let repository = try global.openRepository(writable: false)
        let items = try repository.catalogue.recent(limit: limit, kind: kind, unit: unit)
        if global.json {
            Output.json(Report(items: items.map { ItemJSON($0, storedAt: nil) }))
            return
        }
        if items.isEmpty {
            print("The repository is empty. Add files with: kho ingest PATH")
            return
        }
        for d in items {
            let source = d.sources.last
            let name = source?.fileName ?? ""
            let more = d.sources.count > 1 ? "  (+\(d.sources.count - 1) more sources)" : ""
            let unit = source?.unit ?? ""
            print("\(String(d.object.digest.prefix(12)))  \(Output.pad(d.object.kind, 8)) \(Output.pad(Output.bytes(d.object.size), 10)) \(d.object.firstSeenAt.prefix(10))  \(Output.pad(unit, 10)) \(name)\(more)")
        }
    }
}
