import Foundation
import KhoVocabulary
import Glibc
import KhoCatalogue
import KhoStore

/// Files that stopped kho while it read them (see ReadingMarks): set aside, not read again.
extension IngestJob {
    /// Files that stopped kho before, unchanged since: not read again, reported as failed.
    func setAsideSuspects(_ candidates: [IngestFile]) throws -> ([IngestFile], [IngestItem]) {
        guard try ledger.hasSuspects() else { return (candidates, []) }
        let suspects = try ledger.suspects(paths: candidates.map(\.path))
        guard !suspects.isEmpty else { return (candidates, []) }
        var kept: [IngestFile] = []
        var refused: [IngestItem] = []
        for candidate in candidates {
            let info = FileInfo.of(candidate.path)
            if let suspect = suspects.first(where: { $0.refused && $0.path == candidate.path && $0.size == (info?.size ?? 0) && $0.mtimeNs == (info?.mtimeNs ?? -1) }) {
                refused.append(IngestItem(path: candidate.path, status: .failed, reason: Self.suspectReason(suspect)))
            } else {
                kept.append(candidate)
            }
        }
        return (kept, refused)
    }

    static func suspectReason(_ suspect: SuspectFile) -> String {
        (suspect.crashed ? "kho stopped while reading this file: it crashed on it" : "kho stopped twice while reading this file")
            + " (\(Timestamp.localDay(suspect.foundAt))), so it is not read again — it may stop kho every time. "
            + "Report the file to IT; to try it once more, save it again (or `touch` it) and add it again"
    }
}
