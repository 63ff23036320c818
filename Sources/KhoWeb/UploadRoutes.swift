import Foundation
import Hummingbird
import KhoKit
import Logging

/// Files dropped onto the page by editors and admins, into a unit of theirs: the same pipeline as
/// the watch folder, with the same refusals and reasons shown on the page.
struct UploadRoutes {
    let library: LibraryWriter
    let pages: Pages

    func add(to router: Router<WebContext>) {
        router.post("/upload") { request, context in try await upload(request, context) }
    }

    private func upload(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let session = context.session else { throw WebError.forbidden }
        guard session.account.role >= .editor else { throw WebError.forbidden }
        let library = self.library
        guard let receiver = UploadReceiver(contentType: request.headers[.contentType] ?? "", expectedCSRF: session.csrfToken,
                                            newScratch: { try library.newScratchFile() }) else {
            throw WebError.badRequest("not a multipart/form-data upload")
        }
        do {
            for try await buffer in request.body { try receiver.feed(buffer) }
            try receiver.finish()
        } catch UploadReceiver.Failure.badForm {
            throw WebError.badForm
        } catch UploadReceiver.Failure.tooLarge {
            throw WebError.badRequest(context.strings["upload_too_large"])
        } catch UploadReceiver.Failure.malformed {
            throw WebError.badRequest(context.strings["upload_malformed"])
        }
        let uploads = receiver.uploads
        let unit = receiver.fields["unit"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !uploads.isEmpty, !unit.isEmpty else {
            for upload in uploads { unlink(upload.scratchPath) }
            throw WebError.badRequest(context.strings[uploads.isEmpty ? "upload_no_files" : "upload_no_unit"])
        }
        let account = session.account
        let items: [IngestItem]
        do {
            items = try await blocking { try library.ingestUploads(uploads, unit: unit, by: account) }
        } catch let failure as AccountFailure {
            context.logger.info("upload refused: \(failure.description)")
            throw WebError.forbidden
        } catch let failure as FilterFailure {
            throw WebError.badRequest(failure.description)
        }
        context.logger.info("upload by \(account.name) into \(unit): \(items.count) file(s)")
        let strings = context.strings
        let rows = zip(uploads, items).map { upload, item -> [String: Any] in
            var row: [String: Any] = ["name": (upload.fileName as NSString).lastPathComponent,
                                      "status": strings["upload_" + item.status.rawValue], "class": item.status.rawValue]
            if let digest = item.digest, item.status == .added || item.status == .duplicate { row["digest"] = digest }
            if let reason = item.reason { row["reason"] = MessageText.say(reason, strings) }
            if let near = item.nearDuplicate { row["near"] = near.digest }
            return row
        }
        let counts = Dictionary(grouping: items, by: \.status).mapValues(\.count)
        let summary = strings.format("upload_summary", ["added": String(counts[.added] ?? 0), "duplicate": String(counts[.duplicate] ?? 0),
                                                        "refused": String((counts[.quarantined] ?? 0) + (counts[.failed] ?? 0)), "unit": unit])
        let status: HTTPResponse.Status = items.contains { $0.status == .failed || $0.status == .quarantined } ? .unprocessableContent : .ok
        return pages.render("upload", title: strings["upload_title"], data: ["rows": rows, "summary": summary],
                            request: request, context: context, status: status)
    }
}
