import ArgumentParser
import Foundation
import KhoKit

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Is the watch folder running, what is it waiting for, what went wrong.",
        discussion: """
        Shows whether a `kho watch` runs for this repository, the files it is
        waiting on (still being written, or held open), its counts since it
        started, what waits for OCR (scans and pictures of text: the watcher
        reads them between files, or run `kho ocr`), and the last files that could not be taken — from the
        catalogue's journal, so they survive restarts.

          kho status
          kho status --json

        Exit status: 0 a watcher is running; 1 none is running; 2 repository
        error. Monitoring can use it as a health check.
        """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        let running: Bool
        let pid: String?
        let watcher: WatchStatus?
        let journal: Journal
        let ocrQueue: OCRQueueSummary
        enum CodingKeys: String, CodingKey { case running, pid, watcher, journal, ocrQueue = "ocr_queue" }
    }

    struct Journal: Encodable {
        let counts: [String: Int]
        let unfinished: Int
        let lastTakenAt: String?
        let recentProblems: [WatchJournalRecord]
        enum CodingKeys: String, CodingKey {
            case counts, unfinished, lastTakenAt = "last_taken_at", recentProblems = "recent_problems"
        }
    }

    func run() throws {
        let (pid, status, summary): (String?, WatchStatus?, WatchJournalSummary)
        let ocr: OCRQueueSummary
        do {
            let library = try global.openForReading()
            (pid, status, summary) = try library.watchState(failures: 10)
            ocr = try library.ocrQueue()
        } catch { throw KhoFailure.repository(error) }
        let journal = Journal(counts: summary.counts, unfinished: summary.unfinished, lastTakenAt: summary.lastTakenAt,
                              recentProblems: summary.recentFailures)
        if global.json {
            Output.json(Report(running: pid != nil, pid: pid, watcher: status, journal: journal, ocrQueue: ocr))
        } else {
            printText(pid: pid, status: status, summary: summary)
            if ocr.items == 0 {
                print("OCR:     nothing waiting")
            } else {
                print("OCR:     \(ocr.items) item(s), \(ocr.pages) page(s), waiting since \(ocr.oldest.map(Output.clock) ?? "?")"
                      + (pid == nil ? " — run kho ocr (or start the watcher)" : " (the watcher reads them between files)"))
            }
        }
        if pid == nil { throw ExitCode(1) }
    }

    private func printText(pid: String?, status: WatchStatus?, summary: WatchJournalSummary) {
        if let pid {
            print("Watcher: running (pid \(pid))" + (status.map { " since \(Output.clock($0.startedAt)), \($0.mode)" } ?? ""))
            if let status { print("Inbox:   \(status.inbox)") }
        } else {
            print("Watcher: not running" + (status.map { " (last seen \(Output.clock($0.updatedAt)) watching \(Output.display($0.inbox)))" } ?? ""))
        }
        if let status, pid != nil {
            if status.queueLength == 0 {
                print("Queue:   empty")
            } else {
                print("Queue:   \(status.queueLength) file(s) waiting")
                for w in status.queue.prefix(10) {
                    let why = w.reason == .open ? "a program still has it open" : "waiting until it stops changing"
                    print("  \(Output.pad(w.unit ?? "-", 12)) \(Output.pad(Output.bytes(w.size), 10)) \(Output.display(w.path))  (\(why))")
                }
            }
            let since = status.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("Since start: " + (since.isEmpty ? "nothing taken yet" : since))
        }
        let total = summary.counts.values.reduce(0, +)
        let parts = summary.counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("All time: \(total) file(s) taken from inboxes" + (parts.isEmpty ? "" : ": " + parts)
              + (summary.lastTakenAt.map { "; last at \(Output.clock($0))" } ?? ""))
        if summary.unfinished > 0 {
            print("Unfinished: \(summary.unfinished) original(s) not yet moved or deleted (the watcher retries at each rescan and start)")
        }
        if !summary.recentFailures.isEmpty {
            print("Last problems:")
            for r in summary.recentFailures {
                let name = (r.path as NSString).lastPathComponent
                print("  \(Output.clock(r.takenAt))  \(Output.name(r.unit ?? "-"))  \(Output.name(name))  \(r.result): \(Output.escaped(r.reason ?? ""))"
                      + (r.destination.map { "  → \(Output.display($0))" } ?? ""))
            }
        }
    }
}
