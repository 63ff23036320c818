import ArgumentParser
import Foundation
import KhoKit

struct RemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Take items out of the library (logged; the bytes stay until kho gc).",
        discussion: """
        A removed item is no longer found by search or listed, and the catalogue
        logs who removed it, when and why. Its bytes stay in the store until
        someone runs `kho gc`, so a mistake is undone with --undo. kho dedup
        never removes anything by itself.

          kho remove 36041cd8 --reason "bản JPEG trùng với bản PNG gốc"
          kho remove 36041cd8 --undo
          kho remove --log                 who removed what
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Digest prefixes or paths of the items.", valueName: "item"))
    var items: [String] = []

    @Option(help: ArgumentHelp("Why (required): it is kept in the log.", valueName: "text"))
    var reason: String?

    @Flag(help: "Bring removed items back (before kho gc).")
    var undo = false

    @Flag(help: "List the removals, newest first.")
    var log = false

    func validate() throws {
        if log { return }
        if items.isEmpty { throw ValidationError("name the items to remove (digest prefix or path), or --log") }
        if !undo && (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("say why with --reason \"…\": the reason is kept in the removals log")
        }
    }

    func run() throws {
        if log {
            let removals = try global.openForReading().removals(limit: 100)
            if global.json { Output.json(removals); return }
            if removals.isEmpty { print("Nothing has been removed.") }
            for r in removals {
                print("\(Output.clock(r.removedAt))  \(r.digest.prefix(12))  \(Output.pad(Output.bytes(r.size), 10)) by \(r.removedBy): \(r.reason)"
                      + (r.collectedAt.map { "  (bytes deleted by kho gc \(Output.clock($0)))" } ?? "")
                      + (r.restoredAt.map { "  (restored by \(r.restoredBy ?? "?") \(Output.clock($0)))" } ?? ""))
            }
            return
        }
        let library = try global.openForWriting(changingStore: false)
        var failed = false
        let who = Identity.person
        for reference in items {
            do {
                let object = try library.resolve(reference)
                let changed = undo ? try library.restore(object, by: who) : try library.remove(object, by: who, reason: reason!)
                if !global.json {
                    print(undo ? (changed ? "Restored \(object.digest.prefix(12))" : "\(object.digest.prefix(12)) was not removed")
                               : (changed ? "Removed \(object.digest.prefix(12)) (bytes kept until kho gc)" : "\(object.digest.prefix(12)) was already removed"))
                }
            } catch {
                failed = true
                Output.error("\(error)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}

struct GCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete the bytes of removed items, for good.",
        discussion: """
        The only command that deletes stored content. It deletes the objects of
        items removed with `kho remove` and forgets their catalogue rows; the
        removals log keeps who removed what and why. Copies in mirrors stay.

          kho gc --dry-run      what would be deleted
          kho gc
        """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Only list what would be deleted.")
    var dryRun = false

    func run() throws {
        let library = try global.openForWriting()
        let report: GarbageCollection.Report
        do { report = try library.collectGarbage(dryRun: dryRun) } catch { throw KhoFailure.repository(error) }
        if global.json { Output.json(report); return }
        for d in report.collected { print("\(dryRun ? "would delete" : "deleted")  \(d)") }
        print("\(report.collected.count) removed item(s), \(Output.bytes(report.bytesFreed))" + (dryRun ? " would be freed." : " freed."))
    }
}
