import Foundation
import Hummingbird
import KhoKit
import Logging

/// Near-duplicate clusters side by side, for an editor to confirm the copy to keep or to say a
/// member is not a duplicate. What the nightly dedup run found new waits here.
struct ClusterRoutes {
    let library: LibraryWriter
    let pages: Pages

    func add(to router: Router<WebContext>) {
        router.get("/clusters") { request, context in try await list(request, context) }
        router.post("/clusters/review") { request, context in try await review(request, context) }
    }

    private func list(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let session = context.session, session.account.role >= .editor else { throw WebError.forbidden }
        let library = self.library
        let (clusters, waiting) = try await blocking { try library.clustersToReview(limit: 20) }
        let t = context.strings
        let shown = clusters.map { cluster -> [String: Any] in
            ["key": cluster.key, "found": Timestamp.localClock(cluster.foundAt),
             "members": cluster.members.map { m -> [String: Any] in
                 ["digest": m.digest, "short": String(m.digest.prefix(12)), "name": m.title ?? String(m.digest.prefix(12)),
                  "size": ItemPageModel.bytes(m.size, t), "mime": m.mime, "keeper": m.id == cluster.keeperID]
             }]
        }
        return pages.render("clusters", title: t["clusters_title"],
                            data: ["clusters": shown, "summary": t.format("clusters_waiting", ["n": t.number(waiting)]), "none": clusters.isEmpty,
                                   "csrf": session.csrfToken],
                            request: request, context: context)
    }

    private func review(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let session = context.session, session.account.role >= .editor else { throw WebError.forbidden }
        let form = try await Form.read(request, context, csrf: session.csrfToken)
        guard let key = form["cluster"], !key.isEmpty else { throw WebError.badRequest("cluster") }
        let keeper = form["keeper"]
        let apart = form.fields.filter { $0.key.hasPrefix("apart_") && $0.value == "on" }.map { String($0.key.dropFirst(6)) }.sorted()
        let library = self.library, account = session.account
        do {
            try await blocking { try library.reviewCluster(key: key, keeper: keeper, apart: apart, by: account) }
        } catch let failure as FilterFailure {
            throw WebError.badRequest(failure.description)
        } catch is AccountFailure {
            throw WebError.forbidden
        }
        context.logger.info("cluster \(key) reviewed by \(account.name): keep \(keeper?.prefix(12) ?? "-"), apart \(apart.count)")
        return Pages.redirect("/clusters")
    }
}
