import Foundation
import Hummingbird
import KhoKit
import Logging

/// Corrections on an item's page by its editors and admins: title, caption, content type, topics.
struct EditRoutes {
    let library: LibraryWriter

    func add(to router: Router<WebContext>) {
        router.post("/item/:digest/edit") { request, context in try await edit(request, context) }
    }

    private func edit(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let session = context.session else { throw WebError.forbidden }
        let form = try await Form.read(request, context, csrf: session.csrfToken)
        let digest = try ItemRoutes.digest(context)
        let library = self.library
        var change = ItemEdit(title: form["title"], caption: form["caption"], contentType: form["type"])
        change.addTopics = (form["add_topics"] ?? "").split(separator: ";").map(String.init)
        change.removeTopics = form.fields.filter { $0.key.hasPrefix("remove_topic_") && $0.value == "on" }
            .map { String($0.key.dropFirst("remove_topic_".count)) }.compactMap { $0.removingPercentEncoding }
        let account = session.account, requested = change
        do {
            try await blocking {
                guard let object = try library.object(digest: digest) else { throw WebError.notFound }
                try library.edit(object, requested, by: account)
            }
        } catch is AccountFailure {
            throw WebError.forbidden
        } catch let failure as FilterFailure {
            throw WebError.badRequest(failure.description)
        }
        context.logger.info("edit of \(digest.hex.prefix(12)) by \(account.name)")
        return Pages.redirect("/item/\(digest.hex)#edits")
    }
}
