import ArgumentParser
import Foundation
import KhoKit

struct FingerprintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fingerprint",
        abstract: "Compute the perceptual fingerprints items lack or have in an older version.",
        discussion: """
        kho ingest fingerprints new images (pHash), videos (frame pHashes), audio
        (Chromaprint) and documents (MinHash of the text). Items stored before
        that, or whose fingerprint is missing, get one here, from the stored
        bytes; then `kho dedup` compares them too. Fingerprints an older kho
        made by an older version of the method (pictures' pHash before version
        2) are made again: they are close to the new ones, not equal.

          kho fingerprint --missing
        """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Every image, video, audio and document item that has no fingerprint yet, or an older version's.")
    var missing = false

    func validate() throws {
        if !missing { throw ValidationError("say which items: --missing (those without a fingerprint)") }
    }

    func run() throws {
        let library = try global.openForWriting(changingStore: false)
        let progress = ProgressLine()
        let summary: FingerprintJob.Summary
        do {
            summary = try library.fingerprintMissing { done, total in progress.update("fingerprint: \(done)/\(total)") }
        } catch { progress.clear(); throw KhoFailure.repository(error) }
        progress.clear()
        if global.json { Output.json(summary); return }
        let parts = summary.byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("Fingerprinted \(summary.examined) item(s)" + (parts.isEmpty ? "" : ": " + parts)
              + (summary.missingObjects > 0 ? "; \(summary.missingObjects) missing from the store (run kho audit)" : "") + ".")
    }
}
