import ArgumentParser
import Foundation
import KhoKit

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Prove the repository (or a mirror) intact, or say what is not.",
        discussion: """
          kho audit --budget 30m          nightly, from cron or a timer
          kho audit --full                every object re-read, now
          kho audit --mirror /mnt/nas/kho check a mirror's copies
          kho audit history --problems    past audits and repairs

        `kho audit` is `kho audit run`: see `kho audit run --help` for what it
        checks, its options, its summary line and its exit status (0 clean,
        1 problems found, 2 could not run).
        """,
        subcommands: [AuditRunCommand.self, AuditHistoryCommand.self],
        defaultSubcommand: AuditRunCommand.self)
}

struct AuditRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Check the catalogue and the objects (the default: kho audit …).",
        discussion: """
        Always checked in full (quick): the catalogue file, its references and
        the search index; every object present, of its size, read-only; files
        under objects/ the catalogue does not know; leftovers in tmp/.
        Then objects are re-read and their SHA-256 checked, never-verified and
        least recently verified first. With --budget, each run spends it on
        those, whatever their age, so a nightly run goes round the whole store
        every few days (the summary says how many); without one, objects not
        verified for 30 days are re-read. --max-age DAYS limits either to
        objects not verified for so long; --full re-reads all of them.

        A corrupt object is moved to quarantine/damaged/ (never deleted) and
        flagged: search marks it DAMAGED until `kho repair` restores it.

          kho audit --budget 30m          nightly, from cron or a timer
          kho audit --budget 50GB
          kho audit --full                everything, now
          kho audit --mirror /mnt/nas/kho check a mirror's copies
          kho audit history

        The last line (stderr) is for monitoring systems, Nagios style:
          KHO AUDIT OK - … | objects=… checked=… problems=0 left=… …
        Exit status: 0 clean; 1 problems found (each listed); 2 could not run.
        """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Re-read every object now, whatever the budget and the last check.")
    var full = false

    @Option(help: ArgumentHelp("Stop re-reading after this long or this much: 30m, 2h, 50GB, 512MiB.", valueName: "amount"))
    var budget: String?

    @Option(help: ArgumentHelp("Re-read only objects not verified for this many days (default: any with --budget, else 30).", valueName: "days"))
    var maxAge: Double?

    @Option(help: ArgumentHelp("Check this mirror's copies instead of the repository.", valueName: "path"))
    var mirror: String?

    func validate() throws {
        if let budget, AuditBudget(budget) == nil {
            throw ValidationError("--budget wants a time (90s, 30m, 2h, 1d) or a size (500MB, 50GB, 512MiB), not '\(budget)'")
        }
        if let maxAge, maxAge < 0 { throw ValidationError("--max-age takes a number of days, 0 or more") }
    }

    func run() throws {
        // The stored files are only read: what dead writers left in tmp/ is reported, not removed.
        var library = try global.openForWriting(changingStore: false)
        if let mirror {
            let path = FileWalker.absolute(mirror)
            guard Library.isLibrary(at: path) else {
                throw KhoFailure(message: "\(path) is not a kho mirror that has been synced (no objects/ or no catalogue snapshot); run `kho mirror sync` first", code: 2)
            }
            do { library = try Library.openForWriting(at: path, changingStore: false) } catch { throw KhoFailure.repository(error) }
        }
        var options = AuditJob.Options()
        options.full = full
        options.budget = budget.flatMap(AuditBudget.init)
        options.maxAgeDays = maxAge
        let report = try ProgressLine.running { progress in
            try library.audit(options) { p in
                progress.update("audit: \(p.objectsChecked)/\(p.objectsToCheck) objects re-read, \(Output.bytes(p.bytesChecked))")
            }
        }
        if global.json {
            Output.json(report)
        } else {
            print("Audit of \(report.target)")
            print("  \(report.objects) objects; \(report.objectsChecked) re-read (\(Output.bytes(report.bytesChecked))) in \(String(format: "%.1f", report.seconds)) s"
                  + (report.objectsLeft > 0 ? "; \(report.objectsLeft) left for the next run" : ""))
            if let cycle = report.cycleRuns, let budget = report.budget {
                print(cycle == 1 ? "  at \(budget) a run, every object is re-read at every run"
                                 : "  at \(budget) a run, every object is re-read every \(cycle) runs (every \(cycle) days when run nightly)")
            }
            if report.findings.isEmpty {
                print("  no problems found")
            } else {
                print("  \(report.findings.count) problem(s):")
                for f in report.findings {
                    print("  \(Output.pad(f.kind.rawValue.uppercased(), 14)) \(f.path.map(Output.display) ?? f.digest ?? "")")
                    print("                 \(f.detail)")
                }
            }
        }
        let summary = "objects=\(report.objects) checked=\(report.objectsChecked) bytes=\(report.bytesChecked) problems=\(report.findings.count) left=\(report.objectsLeft) seconds=\(String(format: "%.1f", report.seconds))"
        let line = report.clean
            ? "KHO AUDIT OK - \(report.objectsChecked) of \(report.objects) objects re-read, no problems | \(summary)"
            : "KHO AUDIT CRITICAL - \(report.findings.count) problem(s), run `kho repair` | \(summary)"
        FileHandle.standardError.write(Data((line + "\n").utf8))
        if !report.clean { throw ExitCode(1) }
    }
}

struct AuditHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List past audits and repairs, newest first.")

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("n"), .customLong("limit")], help: "How many runs at most.")
    var limit = 20

    @Flag(help: "List each run's problems too.")
    var problems = false

    struct Entry: Encodable {
        let run: AuditRunRecord
        let problems: [AuditProblemRecord]?
    }

    func run() throws {
        let history: [(run: AuditRunRecord, problems: [AuditProblemRecord])]
        do { history = try global.openForReading().auditHistory(limit: limit, problems: problems || global.json) }
        catch { throw KhoFailure.repository(error) }
        let runs = history.map(\.run), details = history.map(\.problems)
        if global.json {
            Output.json(zip(runs, details).map { Entry(run: $0, problems: $1) })
            return
        }
        if runs.isEmpty { print("No audit has run yet: kho audit --budget 30m") }
        for (run, found) in zip(runs, details) {
            let when = Output.clock(run.startedAt)
            let what = run.kind == .repair
                ? "repair: \(run.mended) mended, \(run.problems - run.mended) not"
                : "audit\(run.full ? " --full" : "")\(run.budget.map { " --budget \($0)" } ?? ""): \(run.objectsChecked) re-read (\(Output.bytes(run.bytesChecked))), \(run.problems) problem(s)"
            print("#\(run.id!)  \(when)  \(Output.pad(run.status?.rawValue ?? "interrupted", 9))  \(what)  \(run.target)")
            for p in found { print("      \(p.mended ? "mended  " : "")\(p.kind): \(p.path ?? p.digest ?? "") — \(p.detail)") }
        }
    }
}
