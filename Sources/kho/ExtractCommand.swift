import ArgumentParser
import Foundation
import KhoKit

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Read facts and text again from stored items.",
        discussion: """
        Ingest extracts once, as files arrive. Run this to fill in items that were
        never extracted (an interrupted run), to retry a status (after installing a
        missing tool, or once OCR exists), or to redo everything after an upgrade.
        The stored bytes are read; the original files are not needed. Graphics and
        scanned pictures are read by OCR again, as at ingest (after `kho classify
        --all` has filed more pictures as graphics, `kho extract --all` reads them).

          kho extract                       items never extracted
          kho extract --status failed       retry what could not be read
          kho extract --all
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("status"), help: ArgumentHelp("Redo items in this status: ok, partial, failed, needs-ocr, none (repeatable).", valueName: "status"))
    var statuses: [String] = []

    @Flag(help: "Redo every item.")
    var all = false

    func validate() throws {
        for s in statuses where Extraction.Status(rawValue: s) == nil {
            throw ValidationError("unknown status '\(s)'; use ok, partial, failed, needs-ocr or none")
        }
        if all && !statuses.isEmpty { throw ValidationError("--all already includes every status") }
    }

    func run() throws {
        let library = try global.openForWriting()
        let summary = try ProgressLine.running { progress in
            try library.extract(statuses: statuses.isEmpty ? nil : statuses, all: all) { done, total in
                progress.update("extract: \(done)/\(total) items")
            }
        }
        if global.json {
            Output.json(summary)
        } else {
            let parts = summary.byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            print("Extracted \(summary.examined) items" + (parts.isEmpty ? "." : ": " + parts.joined(separator: ", ") + "."))
            if summary.missingObjects > 0 {
                print("\(summary.missingObjects) items have no bytes in the store — run `kho audit`.")
            }
        }
        if summary.missingObjects > 0 { throw ExitCode(1) }
    }
}
