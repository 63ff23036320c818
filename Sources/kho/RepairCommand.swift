import ArgumentParser
import Foundation
import KhoKit

struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Mend what an audit found, from a mirror or the original files.",
        discussion: """
        Restores each corrupt or missing object from a mirror, or from a path it
        was ingested from that still holds the same bytes — the digest is checked
        before anything is put back. Makes objects read-only again, catalogues
        again any object the catalogue does not know (its bytes matching its
        name; named recovered-…), moves only damaged or misnamed files to
        quarantine/ (nothing is deleted), clears tmp/, and rebuilds the search
        index when it fails its check. A lost or damaged catalogue is rebuilt
        from a mirror's snapshot (give it with --from); without a mirror, use
        `kho recover`.

        When most objects are missing at once — a disk that is not mounted, a
        wrong --repo — repair changes nothing and says so; --force mends anyway.

          kho audit && echo fine || kho repair
          kho repair --from /mnt/usb/kho-mirror

        Run `kho audit --full` afterwards to prove the result.
        Exit status: 0 everything mended (or nothing to mend); 1 something could
        not be mended (listed); 2 could not run.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("A mirror to restore from (besides those added).", valueName: "path"))
    var from: [String] = []

    @Flag(help: "Mend even when most objects are missing (kho stops there by default: usually a disk that is not mounted).")
    var force = false

    func run() throws {
        let report: RepairJob.Report
        do { report = try Library.repair(at: global.repositoryPath, mirrors: from, force: force) { note in if !global.json { print(note) } } } catch { throw KhoFailure.repository(error) }
        if global.json {
            Output.json(report)
        } else {
            if report.mended.isEmpty && report.unmended.isEmpty { print("Nothing to mend.") }
            for f in report.mended { print("MENDED     \(f.kind.rawValue)  \(f.path.map(Output.display) ?? f.digest ?? "")\n           \(f.detail)") }
            for f in report.unmended { print("NOT MENDED \(f.kind.rawValue)  \(f.path.map(Output.display) ?? f.digest ?? "")\n           \(f.detail)") }
            print("\(report.mended.count) mended, \(report.unmended.count) not mended."
                  + (report.unmended.isEmpty ? " Check with: kho audit --full" : ""))
        }
        if !report.unmended.isEmpty { throw ExitCode(1) }
    }
}
