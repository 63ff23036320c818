import Foundation
import KhoCatalogue
import KhoStore
import KhoVocabulary

/// A file that arrived through `kho serve`, waiting in a scratch file to be taken in.
public struct Upload: Sendable {
    public var scratchPath: String
    public var fileName: String
    public init(scratchPath: String, fileName: String) { self.scratchPath = scratchPath; self.fileName = fileName }
}

/// Uploads from the web page: the same pipeline as the watch folder and `kho ingest` (the same
/// refusals and reasons), into a unit the person may add to, kept as "upload:NAME/DAY/FILE".
extension LibraryWriter {
    /// A new scratch file in this writer's own corner of tmp/ (gone if kho dies).
    public func newScratchFile() throws -> String { try repository.store.scratchPath() }

    /// Takes the uploaded files in as one run, makes previews of what is new, and removes the
    /// scratch files. Every file's fate is returned, in order.
    public func ingestUploads(_ uploads: [Upload], unit typed: String, by account: Account) throws -> [IngestItem] {
        defer { for upload in uploads { unlink(upload.scratchPath) } }
        let unit = try self.unit(named: typed)
        guard account.mayEdit(unit: unit) else {
            throw AccountFailure(description: "\(account.name) may not add files to the unit \(unit) (an admin can give it with kho user)")
        }
        var options = IngestJob.Options(unit: unit)
        options.command = "upload"
        let job = IngestJob(repository: repository, options: options)
        var run = try job.beginRun(roots: ["upload:" + account.name])
        let day = Timestamp.localISO(Timestamp.now()).prefix(10)
        let files = uploads.map { upload -> IngestFile in
            let name = Self.safeFileName(upload.fileName)
            var file = IngestFile(path: upload.scratchPath, fileName: name, size: FileInfo.of(upload.scratchPath)?.size ?? 0, unit: unit)
            file.recordedPath = "upload:\(account.name)/\(day)/\(name)"
            return file
        }
        var items: [IngestItem] = []
        let lastBefore = try repository.catalogue.lastObjectID()
        let summary = try job.ingest(files, runID: run.id!, onItem: { items.append($0) })
        try job.finishRun(&run, summary: summary, finished: true)
        if summary.added > 0 { _ = try? PreviewJob(repository: repository).run(after: lastBefore) }
        return items
    }

    /// What a browser sent as a file's name, as a name: its last path component (some send
    /// "C:\fakepath\x.jpg"), no control characters, NFC, never empty.
    static func safeFileName(_ sent: String) -> String {
        let last = sent.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
            .precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespaces)
        return clean.isEmpty || clean == "." || clean == ".." ? "upload" : String(clean.prefix(255))
    }
}
