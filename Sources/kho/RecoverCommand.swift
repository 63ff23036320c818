import ArgumentParser
import Foundation
import KhoKit

struct RecoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Rebuild a lost or damaged catalogue from the stored files themselves.",
        discussion: """
        When catalogue.sqlite is gone (a disk error, a wrong rm, a restore that
        forgot it) the library's files are still under objects/. recover reads
        each one, checks that its bytes match its name (SHA-256), and makes it an
        item again: kind, facts, text, fingerprints and classification are
        derived again from its bytes. Its name and folder are unknown: it is
        called recovered-<digest> and its source is the store.

        With --from MIRROR, the mirror's catalogue snapshot is the starting point:
        names, units, tags, removals and audit history come back, objects the
        store lost are copied back from the mirror, and only objects stored after
        the snapshot are recovered bare.

          kho recover
          kho recover --from /mnt/usb/kho-mirror

        Files under objects/ whose bytes do not match their name go to
        quarantine/damaged/, anything else there to quarantine/strays/: nothing
        is deleted. The new catalogue is built beside the old place and put in
        place at the end, so stopping it is safe: run the same command again and
        it carries on. A damaged catalogue is kept as catalogue.sqlite.damaged-….

        Exit status: 0 every object recovered; 1 some files were set aside
        (listed); 2 could not run.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("A mirror whose catalogue snapshot knows the names, units and tags.", valueName: "mirror"))
    var from: String?

    func run() throws {
        let report = try ProgressLine.running { progress in
            try Library.recover(at: global.repositoryPath, from: from) { p in
                progress.update("recover: \(p.filesDone)/\(p.filesTotal) objects read (\(Output.bytes(p.bytesDone)) of \(Output.bytes(p.bytesTotal)))")
            }
        }
        if global.json {
            Output.json(report)
        } else {
            for f in report.setAside {
                print("SET ASIDE  \(f.kind.rawValue)  \(Output.display(f.path ?? f.digest ?? ""))\n           \(f.detail)")
            }
            var lines = ["Recovered the catalogue of \(Output.display(global.repositoryPath)) in \(String(format: "%.1f", report.seconds)) s: "
                         + "\(report.objectsFound) file(s) under objects/, \(report.recovered) made items again from their bytes"]
            if let mirror = report.mirror {
                lines.append("\(report.alreadyKnown) known to the mirror's snapshot (\(mirror)), with their names, units and tags"
                             + (report.restoredFromMirror > 0 ? "; \(report.restoredFromMirror) lost object(s) copied back from it" : ""))
            } else if report.alreadyKnown > 0 {
                lines.append("\(report.alreadyKnown) already catalogued")
            }
            if !report.setAside.isEmpty { lines.append("\(report.setAside.count) set aside (listed above)") }
            print(lines.joined(separator: "; ") + ".")
            print("Check the result with: kho audit --full")
        }
        if !report.setAside.isEmpty { throw ExitCode(1) }
    }
}
