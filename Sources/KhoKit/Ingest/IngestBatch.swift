import Foundation
import KhoCatalogue
import KhoMedia
import KhoStore

/// A batch after its files went through the steps: made durable with one sync, published into
/// objects/, then catalogued in one transaction — so a catalogue row never points at bytes a
/// crash could lose. Runs on the catalogue queue while the next batch is read.
extension IngestJob {
    /// A batch whose objects are published, waiting for its catalogue transaction.
    struct PreparedBatch: Sendable {
        var items: [IngestItem]
        var files: [CataloguedFile]
        /// For each entry of `files`, the index of its item.
        var fileItemIndex: [Int]
        var quarantined: [QuarantineRecord]
        var newBytes: Int64
        var runID: Int64
        var time: String
    }

    struct CommittedBatch: Sendable {
        var items: [IngestItem]
        /// New objects with a usable fingerprint: (item index, the catalogue's candidate form).
        var fingerprinted: [(item: Int, candidate: DedupCandidate)] = []
        var sourcesAdded: Int
        var bytesStored: Int64
    }

    struct PlacingFailure: Error { let reason: String }

    /// A batch read, hashed and sniffed into the temporary area, not yet durable.
    struct StagedBatch: @unchecked Sendable {
        let batch: [IngestFile]
        let results: ResultSlots<StepsOutcome>
        let extra: [IngestItem]
        let runID: Int64
    }

    /// Makes a staged batch durable and publishes it (on the catalogue queue, beside the next
    /// batch's staging): sync, then a mkdir, a link and an unlink per new object.
    static func place(_ staged: StagedBatch, unit: String?, store: any ObjectStorage) -> PreparedBatch {
        let batch = staged.batch, results = staged.results, runID = staged.runID, extra = staged.extra
        // 1. Bytes durable before any name points at them.
        var syncFailure: String?
        do { try store.syncToDisk() } catch { syncFailure = "could not make the copy durable: \(error)" }
        // 2. Publish (or quarantine) one object; whatever goes wrong drops its temporary copy.
        func place(_ staged: StagedObject, _ operation: (StagedObject) throws -> Bool) -> Result<Bool, PlacingFailure> {
            if let syncFailure { store.discard(staged); return .failure(PlacingFailure(reason: syncFailure)) }
            do { return .success(try operation(staged)) } catch {
                store.discard(staged)
                return .failure(PlacingFailure(reason: "\(error)"))
            }
        }

        let time = Timestamp.now()
        var items: [IngestItem] = []
        var files: [CataloguedFile] = []
        var fileItemIndex: [Int] = []
        var quarantined: [QuarantineRecord] = []
        var newBytes: Int64 = 0

        for (i, candidate) in batch.enumerated() {
            switch results[i]! {
            case .failed(let reason):
                items.append(IngestItem(path: candidate.shownPath, status: .failed, reason: reason))
            case .accepted(let staged, let mime, let kind, let claimed, let mismatch, let extraction, let fingerprint, let classification, let ocr):
                switch place(staged, store.publish) {
                case .failure(let failure):
                    items.append(IngestItem(path: candidate.shownPath, status: .failed, reason: failure.reason))
                    continue
                case .success(let new):
                    if new { newBytes += staged.size }
                }
                fileItemIndex.append(items.count)
                let note = mismatch ? "named .\(claimed!.ext) but the content is \(mime)" : nil
                items.append(IngestItem(path: candidate.shownPath, status: .added, digest: staged.digest.hex, size: staged.size,
                                        mime: mime, kind: kind, reason: note))
                var file = CataloguedFile(digest: staged.digest.hex, size: staged.size, mime: mime, kind: kind,
                                          path: candidate.shownPath, fileName: candidate.fileName,
                                          mtime: Timestamp.string(secondsSince1970: staged.sourceModified),
                                          unit: candidate.unit ?? unit, claimedMime: claimed?.mime, extMismatch: mismatch,
                                          facts: extraction?.facts ?? [])
                file.tags = candidate.tags
                if RawPath.hasStrayBytes(candidate.fileName) { file.nameReading = LegacyName.reading(RawPath.bytes(candidate.fileName)) }
                file.fingerprint = fingerprint
                file.classification = classification
                file.extraction = extraction
                file.ocr = ocr
                files.append(file)
                if ocr != nil { items[items.count - 1].ocrQueued = true }
                if ocr == nil, let extraction, extraction.status == .failed || extraction.status == .partial || extraction.status == .needsOCR {
                    let warning = extraction.notes.joined(separator: "; ")
                    items[items.count - 1].extraction = extraction.status
                    items[items.count - 1].reason = [items[items.count - 1].reason, "\(extraction.status.rawValue): \(warning)"]
                        .compactMap { $0 }.joined(separator: "; ")
                }
            case .refused(let staged, let mime, let claimed, let reason):
                if case .failure(let failure) = place(staged, { _ = try store.quarantine($0); return false }) {
                    items.append(IngestItem(path: candidate.shownPath, status: .failed,
                                            reason: "refused (\(reason)) and could not be kept aside: \(failure.reason)"))
                    continue
                }
                items.append(IngestItem(path: candidate.shownPath, status: .quarantined, digest: staged.digest.hex,
                                        size: staged.size, mime: mime, kind: nil, reason: reason))
                quarantined.append(QuarantineRecord(digest: staged.digest.hex, size: staged.size, path: candidate.shownPath,
                                                    fileName: candidate.fileName, detectedMime: mime, claimedMime: claimed?.mime,
                                                    reason: reason, runId: runID, at: time))
            }
        }
        items.append(contentsOf: extra)
        return PreparedBatch(items: items, files: files, fileItemIndex: fileItemIndex, quarantined: quarantined,
                             newBytes: newBytes, runID: runID, time: time)
    }

    /// Makes a prepared batch's names durable, then records it in one catalogue transaction.
    static func commit(_ batch: PreparedBatch, storage: any ObjectStorage, ledger: any IngestLedger) throws -> CommittedBatch {
        func allFailed(_ reason: String) -> CommittedBatch {
            let items = batch.items.map { item in
                var item = item
                if item.status != .failed { item.status = .failed; item.reason = reason }
                return item
            }
            return CommittedBatch(items: items, sourcesAdded: 0, bytesStored: 0)
        }
        // 3. The new names durable before the catalogue mentions them.
        do { try storage.syncToDisk() } catch { return allFailed("could not make the copy durable: \(error)") }

        // 4. One transaction for the whole batch.
        let problems = batch.items.filter { $0.status == .failed }.map {
            ProblemRecord(runId: batch.runID, path: $0.path, reason: $0.reason ?? "", at: batch.time)
        }
        let outcomes: [CatalogueOutcome]
        do {
            outcomes = try ledger.record(runID: batch.runID, files: batch.files, quarantined: batch.quarantined,
                                                       problems: problems, at: batch.time)
        } catch {
            return allFailed("could not write the catalogue: \(error)")
        }
        var items = batch.items
        var sourcesAdded = 0
        var fingerprinted: [(item: Int, candidate: DedupCandidate)] = []
        for (n, outcome) in outcomes.enumerated() {
            if !outcome.objectAdded { items[batch.fileItemIndex[n]].status = .duplicate }
            if let removal = outcome.removal {
                let day = String(removal.removedAt.prefix(10))
                let short = String(removal.digest.prefix(12))
                let note = outcome.objectAdded
                    ? "these bytes were removed on \(day) by \(removal.removedBy) (\(removal.reason)) and collected; stored again"
                    : "removed on \(day) by \(removal.removedBy) (\(removal.reason)): still hidden — kho remove \(short) --undo brings it back"
                let index = batch.fileItemIndex[n]
                items[index].reason = [items[index].reason, note].compactMap { $0 }.joined(separator: "; ")
                items[index].removed = true
            }
            if outcome.sourceAdded { sourcesAdded += 1 }
            let file = batch.files[n]
            if outcome.objectAdded, let fingerprint = file.fingerprint, fingerprint.status == .ok {
                fingerprinted.append((batch.fileItemIndex[n], DedupCandidate(
                    objectID: outcome.objectID, fingerprint: fingerprint, digest: file.digest, mime: file.mime, kind: file.kind, size: file.size,
                    firstSeenAt: batch.time, name: file.fileName)))
            }
        }
        return CommittedBatch(items: items, fingerprinted: fingerprinted, sourcesAdded: sourcesAdded, bytesStored: batch.newBytes)
    }
}
