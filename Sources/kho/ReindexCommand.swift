import ArgumentParser
import Foundation
import KhoKit

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the search index from the catalogue.",
        discussion: """
        The index is derived data: every row is made again from the catalogue's
        titles, texts, facts and sources, then merged into one segment. Run it
        after an upgrade that changes how words are indexed, or when an audit
        reports a damaged index.
        """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        let repo: String
        let indexed: Int
        let seconds: Double
    }

    func run() throws {
        let library = try global.openForWriting()
        let start = Date()
        let count: Int
        do {
            count = try library.reindex()
        } catch {
            throw KhoFailure.repository(error)
        }
        let seconds = Date().timeIntervalSince(start)
        if global.json {
            Output.json(Report(repo: library.root, indexed: count, seconds: seconds))
        } else {
            print("Reindexed \(count) items in \(String(format: "%.1f", seconds)) s.")
        }
    }
}
