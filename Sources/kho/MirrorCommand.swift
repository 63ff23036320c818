import ArgumentParser
import Foundation
import KhoKit

struct MirrorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mirror",
        abstract: "Keep second copies on another disk or a NAS.",
        discussion: """
        A mirror is a folder laid out like the repository: the objects, and a
        snapshot of the catalogue taken with SQLite's online backup. Objects are
        copied once, verified as they land, never removed.

          kho mirror add /mnt/usb/kho-mirror
          kho mirror sync                 every mirror (or: kho mirror sync PATH)
          kho mirror list
          kho audit --mirror /mnt/usb/kho-mirror
          kho repair --from /mnt/usb/kho-mirror
        """,
        subcommands: [MirrorAddCommand.self, MirrorSyncCommand.self, MirrorListCommand.self])
}

struct MirrorAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Make a folder a mirror of this repository.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("An empty (or new) folder on another disk or a NAS.", valueName: "path"))
    var path: String

    func run() throws {
        let library = try global.openForWriting(changingStore: false)
        let mirror: MirrorRecord
        do { mirror = try library.addMirror(at: path) } catch { throw KhoFailure(message: "\(error)", code: 2) }
        if global.json { Output.json(mirror) } else { print("Mirror \(mirror.path) added; fill it with: kho mirror sync") }
    }
}

struct MirrorSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Copy what the mirrors lack, then a fresh catalogue snapshot.",
        discussion: "Exit status: 0 all mirrors up to date; 1 some objects of the repository are damaged (not copied; run kho audit) or a mirror was unreachable; 2 repository error.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Only this mirror (added before).", valueName: "path"))
    var path: String?

    func run() throws {
        let library = try global.openForWriting(changingStore: false)
        var mirrors: [MirrorRecord]
        do { mirrors = try library.mirrors() } catch { throw KhoFailure.repository(error) }
        if let path {
            let wanted = FileWalker.absolute(path)
            mirrors = mirrors.filter { $0.path == wanted }
            if mirrors.isEmpty { throw KhoFailure(message: "\(wanted) is not a mirror of this repository; add it first: kho mirror add \(wanted)", code: 2) }
        }
        if mirrors.isEmpty { throw KhoFailure(message: "no mirror yet; add one: kho mirror add /path/on/another/disk", code: 2) }
        var reports: [MirrorJob.SyncReport] = []
        var failed = false
        for mirror in mirrors {
            let progress = ProgressLine()
            do {
                let report = try library.sync(mirror) { done, total in
                    progress.update("mirror \(mirror.path): \(done)/\(total) objects")
                }
                progress.clear()
                reports.append(report)
                if !report.damaged.isEmpty { failed = true }
                if !global.json {
                    print("\(mirror.path): \(report.copied) object(s) copied (\(Output.bytes(report.bytesCopied))), \(report.objects) in the snapshot, in \(String(format: "%.1f", report.seconds)) s")
                    for d in report.damaged { print("  NOT COPIED  \(d): damaged in the repository — run kho audit, then kho repair") }
                }
            } catch {
                progress.clear()
                failed = true
                Output.error("\(error)")
            }
        }
        if global.json { Output.json(reports) }
        if failed { throw ExitCode(1) }
    }
}

struct MirrorListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The mirrors and when each was last synced.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let mirrors: [MirrorRecord]
        do { mirrors = try global.openForReading().mirrors() } catch { throw KhoFailure.repository(error) }
        if global.json { Output.json(mirrors); return }
        if mirrors.isEmpty { print("No mirror yet: kho mirror add /path/on/another/disk") }
        for m in mirrors {
            print("\(m.path)  " + (m.lastSyncAt.map { "synced \(Output.clock($0)), \(m.objects) objects" } ?? "never synced"))
        }
    }
}
