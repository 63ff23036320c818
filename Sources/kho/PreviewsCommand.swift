import ArgumentParser
import Foundation
import KhoKit

struct PreviewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "previews",
        abstract: "Make the previews people look at: a thumbnail and a large view of each item.",
        discussion: """
        Each picture, video, sound and PDF gets a 256-pixel thumbnail and a
        1,280-pixel view, as WebP: a picture upright, its metadata (GPS
        position included) left out; a video's typical frame (not a black
        first one) and a strip of five frames across it; a sound's waveform;
        a PDF's first page, and an office file's where LibreOffice is
        installed (Debian: libreoffice-writer-nogui, -calc-nogui,
        -impress-nogui). They are kept
        apart from the stored files, in previews/ of the repository: never
        items, never audited, safe to delete and make again. The watcher makes
        them between files; `kho show` names an item's preview.

        A picture over the pixel limit or in a format kho does not decode from
        untrusted files (SVG …), an office file without LibreOffice or whose
        reading failed (a zip bomb), and an archive get none (a placeholder
        where they are shown).

          kho previews                 make the missing ones (the same as --missing)
          kho previews --all           make every one again
          kho previews --json

        Exit status: 0 done; 1 some pictures could not be previewed (each is
        listed with the reason); 2 repository error.
        """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Make every preview again, not only the missing ones.")
    var all = false

    @Flag(help: "Make only the missing previews (what kho previews does anyway; for scripts that say so).")
    var missing = false

    func validate() throws {
        if all && missing { throw ValidationError("--all and --missing ask for opposite things; give one") }
    }

    func run() throws {
        let library = try global.openForWriting(changingStore: false)
        let progress = ProgressLine()
        let stop = StopSignal.onTermination()
        let summary: PreviewJob.Summary
        do {
            summary = try library.makePreviews(all: all, shouldStop: { stop.isRequested }) { s in
                if !global.json { progress.update("previews: \(s.examined) picture(s) looked at, \(s.made) made") }
            }
        } catch {
            progress.clear()
            throw KhoFailure.repository(error)
        }
        progress.clear()
        if global.json {
            Output.json(summary)
        } else {
            for failure in summary.failed { print("  FAILED  \(failure.digest.prefix(12))  \(failure.reason)") }
            print("Previews: \(summary.made) made, \(summary.present) already there, \(summary.refused) shown as a placeholder (a picture over the pixel limit "
                  + "or in a format kho does not decode, an office file, an archive), \(summary.failed.count) failed, of \(summary.examined) item(s) "
                  + "in \(String(format: "%.1f", summary.seconds)) s.")
            if summary.missingObjects > 0 { print("\(summary.missingObjects) item(s) missing from the store: run kho audit.") }
        }
        if !summary.failed.isEmpty { throw ExitCode(1) }
    }
}
