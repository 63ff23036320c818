import ArgumentParser
import Foundation
import KhoKit

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Take files and folders into the repository.",
        discussion: """
        Folders are walked recursively. Each file is read once: hashed (SHA-256)
        into the store, its type sniffed from its content (never its name), its
        facts and text extracted, and catalogued. Identical bytes are stored
        once; another path with the same bytes becomes another source of the
        same item.

        Refused: a program, script or web page named like a photo or document
        (kept aside in quarantine/), and empty files. Symbolic links are
        followed only inside the folders given. Nothing given is changed.
        When kho.toml lists the units, --unit (and each folder with
        --unit-from-folder) must be one of them. A file kho crashed on before
        is not read again (it is listed, with what to do).

          kho ingest ~/inbox/VanPhong --unit VanPhong
          kho ingest ~/inbox --unit-from-folder        one sub-folder per unit
          kho ingest anh-hoi-nghi.jpg ke-hoach.pdf -v
          kho ingest /mnt/share --json > run.json

        Every file is findable by its name, metadata and text layer as soon as
        its batch is catalogued. Scanned PDFs, posters and infographics are then
        read by OCR (Tesseract) before kho exits: "reading 2 scanned pages…",
        and the new items' previews are made (kho previews). With --no-wait kho
        exits at once and leaves both to the watcher, or to `kho ocr` and
        `kho previews`; the OCR queue is kept in the catalogue, so a kill loses
        none of it, and a missing preview is found again by its absence.

        Listed by default: files that failed, were refused, or were read only in
        part (damaged, OCR not installed). Exit status: 0 all taken; 1 some files failed
        or were refused; 2 usage or repository error (a lost catalogue: see
        kho recover).
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The office or department these files belong to (e.g. VanPhong).", valueName: "name"))
    var unit: String?

    @Flag(help: "Name each file's unit after its first folder under the path given (inbox/VanPhong/… → VanPhong).")
    var unitFromFolder = false

    @Flag(name: .shortAndLong, help: "List every file, not only the problems.")
    var verbose = false

    @Flag(help: "Do not wait for OCR and previews: they are left to the watcher, or to `kho ocr` and `kho previews`.")
    var noWait = false

    @Flag(help: "Do not make the new items' previews now (the watcher or `kho previews` makes them); OCR is still done.")
    var noPreviews = false

    @Argument(help: ArgumentHelp("Files and folders to take in.", valueName: "path"))
    var paths: [String]

    struct Report: Encodable {
        let repo: String
        let summary: IngestSummary
        let items: [IngestItem]
        let ocr: OCRJob.Summary?
        /// What still waits for OCR (with --no-wait, or when OCR was stopped).
        let ocrQueue: OCRQueueSummary
        let previews: PreviewJob.Summary?
        enum CodingKeys: String, CodingKey { case repo, summary, items, ocr, ocrQueue = "ocr_queue", previews }
    }

    func run() throws {
        let library = try global.openForWriting()
        var resolved = unit
        if let unit {
            do { resolved = try library.unit(named: unit) } catch { throw KhoFailure(message: "--unit \(error)", code: 2) }
        }
        var options = IngestJob.Options(unit: resolved)
        options.unitFromFolder = unitFromFolder
        let progress = ProgressLine()
        let before = try library.itemMark()
        var items: [IngestItem] = []
        let summary: IngestSummary
        do {
            summary = try library.ingest(paths, options: options, onItem: { item in
                if global.json { items.append(item); return }
                guard verbose || item.status == .failed || item.status == .quarantined || item.extraction != nil
                        || item.nearDuplicate != nil || item.removed == true else { return }
                progress.clear()
                print(Self.line(item))
            }, onProgress: { p in
                progress.update("ingest: \(p.filesDone)/\(p.filesTotal) files, \(Output.bytes(p.bytesDone)) of \(Output.bytes(p.bytesTotal))")
            })
        } catch {
            progress.clear()
            throw KhoFailure.repository(error)
        }
        progress.clear()
        if !global.json { print(Self.summaryLine(summary)) }
        let ocr = noWait ? nil : try OCRCommand.readQueue(library, progress: progress, quiet: global.json)
        let waiting = try library.ocrQueue()
        let previews = noWait || noPreviews || summary.added == 0 ? nil : try makePreviews(library, since: before, progress: progress)
        if global.json {
            Output.json(Report(repo: library.root, summary: summary, items: items, ocr: ocr, ocrQueue: waiting, previews: previews))
        } else if waiting.items > 0 {
            print("\(waiting.items) item(s), \(waiting.pages) page(s), wait for OCR: the watcher reads them, or run kho ocr.")
        }
        if !summary.allTaken { throw ExitCode(1) }
    }

    /// The previews of what this run added, with a progress line; Ctrl-C leaves the rest to kho previews.
    private func makePreviews(_ library: LibraryWriter, since mark: ItemMark, progress: ProgressLine) throws -> PreviewJob.Summary {
        let stop = StopSignal.onTermination()
        let summary: PreviewJob.Summary
        do {
            summary = try library.makePreviews(all: false, since: mark, shouldStop: { stop.isRequested }) { p in
                progress.update("previews: \(p.made) made of \(p.examined) items looked at…")
            }
        } catch {
            progress.clear()
            throw KhoFailure.repository(error)
        }
        progress.clear()
        if !global.json && summary.made + summary.failed.count > 0 {
            print("Previews: \(summary.made) made" + (summary.failed.isEmpty ? "" : ", \(summary.failed.count) could not be drawn (kho previews lists why)")
                  + (stop.isRequested ? "; stopped: kho previews makes the rest." : "."))
        }
        return summary
    }

    static func line(_ item: IngestItem) -> String {
        let short = item.digest.map { String($0.prefix(12)) } ?? String(repeating: " ", count: 12)
        let path = Output.display(item.path)
        switch item.status {
        case .added, .duplicate:
            let label = item.extraction.map { $0 == .needsOCR ? "NEEDS OCR" : "WARNING" }
                ?? (item.removed == true ? (item.status == .added ? "ADDED AGAIN" : "REMOVED") : (item.status == .added ? "added" : "duplicate"))
            let notes = [item.reason, item.nearDuplicate?.description].compactMap { $0 }.map { Output.escaped($0) }
            let note = notes.isEmpty ? "" : "  (" + notes.joined(separator: "; ") + ")"
            return "  \(Output.pad(label, 11)) \(short)  \(Output.pad(item.kind?.rawValue ?? "", 8)) \(path)\(note)"
        case .quarantined:
            return "  \(Output.pad("QUARANTINED", 11)) \(short)  \(path): \(Output.escaped(item.reason ?? ""))"
        case .failed:
            return "  \(Output.pad("FAILED", 11)) \(short)  \(path): \(Output.escaped(item.reason ?? ""))"
        }
    }

    static func summaryLine(_ s: IngestSummary) -> String {
        var parts = ["\(s.added) new", "\(s.duplicates) already stored"]
        if s.quarantined > 0 { parts.append("\(s.quarantined) quarantined") }
        if s.failed > 0 { parts.append("\(s.failed) failed") }
        if s.warnings > 0 { parts.append("\(s.warnings) stored with a warning (listed above)") }
        if s.ocrQueued > 0 { parts.append("\(s.ocrQueued) to read by OCR") }
        if s.nearDuplicates > 0 { parts.append("\(s.nearDuplicates) near-duplicate(s) of stored items (listed above; see kho dedup)") }
        let seconds = String(format: "%.1f", s.seconds)
        return "Ingested \(s.filesSeen) files in \(seconds) s: " + parts.joined(separator: ", ")
            + ". Read \(Output.bytes(s.bytesRead)), stored \(Output.bytes(s.bytesStored)) new (run #\(s.runID))."
    }
}
