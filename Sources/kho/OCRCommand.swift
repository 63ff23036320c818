import ArgumentParser
import Foundation
import KhoKit

struct OCRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ocr",
        abstract: "Read the scans and pictures of text that wait for OCR.",
        discussion: """
        Ingest makes every file findable at once by its name, metadata and text
        layer, and queues what only OCR (Tesseract, Vietnamese and English) can
        read: PDFs whose pages are images, posters, infographics, photographed
        pages. `kho ingest` reads the queue before it exits, and the watcher
        between files; this command reads it now — after `kho ingest --no-wait`,
        or after a run was stopped. Ctrl-C stops between items; what is left
        stays queued. `kho status` shows the queue.

          kho ocr
          kho ocr --limit 20           the 20 oldest items only
          kho ocr --json

        Exit status: 0 the queue was read (items where no text was found
        count as read); 1 some items failed and stay queued (or were given up
        after three tries: `kho show` says why); 2 repository error.
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Read at most this many items, oldest first.", valueName: "n"))
    var limit: Int?

    struct Report: Encodable {
        let summary: OCRJob.Summary
        let queue: OCRQueueSummary
    }

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let library = try global.openForWriting()
        let progress = ProgressLine()
        let summary = try Self.readQueue(library, limit: limit, progress: progress, quiet: global.json)
        let left = try library.ocrQueue()
        if global.json {
            Output.json(Report(summary: summary ?? OCRJob.Summary(), queue: left))
        } else if summary == nil {
            print("Nothing waits for OCR.")
        } else if left.items > 0 {
            print("\(left.items) item(s), \(left.pages) page(s), still wait for OCR.")
        }
        if let summary, summary.retry + summary.gaveUp > 0 { throw ExitCode(1) }
    }

    /// Reads the queue with a progress line ("reading 2 scanned pages…"), stopping between items
    /// on Ctrl-C; prints one line of totals unless `quiet`. Nil when nothing waited.
    static func readQueue(_ library: LibraryWriter, limit: Int? = nil, progress: ProgressLine, quiet: Bool) throws -> OCRJob.Summary? {
        let waiting = try library.ocrQueue()
        guard waiting.items > 0 else { return nil }
        let stop = StopSignal.onTermination()
        let summary: OCRJob.Summary
        do {
            summary = try library.readQueuedText(limit: limit, shouldStop: { stop.isRequested }) { p in
                let what = p.pagesTotal == p.itemsTotal ? "\(p.itemsTotal) picture(s) of text" : "\(p.pagesTotal) scanned page(s)"
                progress.update("OCR: reading \(what)… \(p.itemsDone)/\(p.itemsTotal) items done", force: p.itemsDone == 0)
            }
        } catch {
            progress.clear()
            throw KhoFailure.repository(error)
        }
        progress.clear()
        if !quiet {
            var parts = ["\(summary.read) with text"]
            if summary.noText > 0 { parts.append("\(summary.noText) without any") }
            if summary.retry > 0 { parts.append("\(summary.retry) failed, queued again") }
            if summary.gaveUp > 0 { parts.append("\(summary.gaveUp) given up after three tries (kho show says why)") }
            print("OCR read \(summary.pages) page(s) in \(String(format: "%.1f", summary.seconds)) s: " + parts.joined(separator: ", ") + "."
                  + (stop.isRequested ? " Stopped: the rest stays queued." : ""))
        }
        return summary
    }
}
