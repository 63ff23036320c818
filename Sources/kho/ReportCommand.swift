import ArgumentParser
import Foundation
import KhoKit

/// `kho report`: what the board's office sends on: contributions against the weekly quota.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for unit heads and the board: weekly quotas.",
        subcommands: [Quota.self])

    struct Quota: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Items each unit contributed per ISO week, against kho.toml's quota.",
            discussion: """
            Counts, for each unit and each week (Monday to Sunday, local time), the
            items of the content types [quota] counts (articles by default), against
            the quota of that year (1 a week in 2026, 2 a week from 2027 to 2030 by
            default). An item counts in the week of its own date — an article's
            publication date, a photo's date taken — or, without one, the week it
            was stored. Weeks below quota are flagged; a week only partly inside the
            period is shown but not flagged.

              kho report quota                                   this year so far
              kho report quota --from 2026-01-01 --to 15/6/2026 --unit VanPhong
              kho report quota --csv > quota.csv                  for a spreadsheet
              kho report quota --json

            Exit status: 0 every whole week met its quota, 1 some were below,
            2 the repository or the options could not be used.
            """)

        @OptionGroup var global: GlobalOptions
        @Option(help: ArgumentHelp("First day (2026-01-01, 1/1/2026, 2026-01 or 2026); default 1 January this year.", valueName: "date"))
        var from: String?
        @Option(help: ArgumentHelp("Last day, included; default today.", valueName: "date"))
        var to: String?
        @Option(help: ArgumentHelp("Only this unit (repeat for several); a folder name from [units] means its unit.", valueName: "unit"))
        var unit: [String] = []
        @Flag(help: "One line a unit and week, comma-separated (opens in a spreadsheet).")
        var csv = false

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] {
                if let value { do { _ = try DateArgument(parsing: value, option: name) } catch { throw ValidationError("\(error)") } }
            }
            if csv && global.json { throw ValidationError("choose one of --csv and --json") }
        }

        func run() throws {
            let library = try global.openForReading()
            let calendar = ReportCalendar()
            let start = try from.map { calendar.firstDay(of: try DateArgument(parsing: $0, option: "--from")) }
            let end = try to.map { calendar.lastDay(of: try DateArgument(parsing: $0, option: "--to")) }
            let report: QuotaReport
            do {
                let units = try unit.isEmpty ? nil : Set(unit.map { try library.unit(named: $0) })
                report = try library.quotaReport(from: start, to: end, units: units, calendar: calendar)
            } catch { throw KhoFailure.repository(error) }
            if global.json { Output.json(report) } else if csv { FileHandle.standardOutput.write(Data(report.csv.utf8)) } else { printTable(report) }
            if report.units.contains(where: { $0.weeksBelow > 0 }) { throw ExitCode(1) }
        }

        private func printTable(_ r: QuotaReport) {
            let types = r.counts.map(\.rawValue).joined(separator: ", ")
            print("Contributions (\(types)) per ISO week, \(day(r.from)) to \(day(r.to)). ! below quota, ~ week only partly in the period.")
            guard !r.units.isEmpty else { print("No unit contributed anything counted in this period."); return }
            for u in r.units {
                print("")
                print((u.unit.isEmpty ? "(no unit)" : Output.name(u.unit)) + ": \(u.total) item(s), "
                      + (u.weeksCounted == 0 ? "no whole week with a quota" : "\(u.weeksCounted - u.weeksBelow) of \(u.weeksCounted) week(s) met the quota"))
                print("  WEEK      MONDAY–SUNDAY            COUNT  QUOTA")
                for w in u.weeks {
                    let mark = w.partial ? "~" : w.below ? "!" : " "
                    let count = String(w.count).leftPadded(5), quota = (w.quota.map(String.init) ?? "-").leftPadded(5)
                    print("\(mark) \(w.week)  \(day(w.monday)) – \(day(w.sunday))  \(count)  \(quota)")
                }
            }
        }

        private func day(_ iso: String) -> String { ReportCalendar.Day(iso)?.vietnamese ?? iso }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
