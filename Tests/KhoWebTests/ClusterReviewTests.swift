import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
import Testing

/// Near-duplicate clusters reviewed on kho serve: the page, the decisions, and a later dedup run
/// that keeps them and does not ask again.
@Suite("kho serve: near-duplicates to review", .serialized)
struct ClusterReviewTests {
    static let served = SharedFixture {
        try ServedLibrary("serve-clusters", corpus: ["images/photos/DSCN0010.jpg", "images/photos/DSCN0012.jpg", "neardup/images/DSCN0010_resize50.jpg",
                                                     "neardup/images/DSCN0010_brightness+8.jpg", "neardup/images/DSCN0012_q50.jpg"])
    }

    func digest(_ s: ServedLibrary, _ path: String) throws -> String { try s.library.resolve(TestSupport.corpusPath(path)).digest }

    @Test("a nightly run's new clusters wait; an editor keeps another copy and sets one apart; the next run asks nothing")
    func review() throws {
        let s = try Self.served.get()
        let first = try s.library.markDuplicates(kinds: [.image], preset: "default")
        #expect(first.clusters.count == 2)
        #expect(first.newClusters == 2)
        #expect(try s.library.clustersToReview().waiting == 2)

        let session = try s.signIn("hoa").session!
        #expect(try s.get("/", as: session).text.contains("<a href=\"/clusters\">2 nhóm bản gần giống chờ xem xét</a>"))
        let page = try s.get("/clusters", as: session)
        #expect(page.status == 200)
        #expect(page.text.contains("<p id=\"summary\">2 nhóm chờ xem xét</p>"))

        let (original, half, brighter) = (try digest(s, "images/photos/DSCN0010.jpg"), try digest(s, "neardup/images/DSCN0010_resize50.jpg"),
                                          try digest(s, "neardup/images/DSCN0010_brightness+8.jpg"))
        let cluster = try #require(try s.library.clustersToReview().clusters.first { $0.members.contains { $0.digest == original } })
        #expect(Set(cluster.members.map(\.digest)) == [original, half, brighter])
        let reply = try s.post("/clusters/review", as: session, form: ["csrf": try s.csrf(session), "cluster": cluster.key,
                                                                         "keeper": half, "apart_\(brighter)": "on"])
        #expect(reply.status == 303)
        #expect(try s.library.clustersToReview().waiting == 1)
        let relatives = try s.library.item(try s.library.resolve(original)).relatives
        #expect(relatives.map(\.object.digest) == [half])
        #expect(relatives.map(\.keeper) == [true])
        #expect(try s.library.item(try s.library.resolve(brighter)).relatives.isEmpty)

        // The next night: the same decisions, nothing new to ask.
        let again = try s.library.markDuplicates(kinds: [.image], preset: "default")
        #expect(again.newClusters == 0)
        let kept = try #require(again.clusters.first { $0.members.contains { $0.digest == original } })
        #expect(kept.keeper == half)
        #expect(kept.reason == "confirmed by an editor")
        #expect(Set(kept.members.map(\.digest)) == [original, half])
        #expect(try s.library.clustersToReview().waiting == 1)
    }

    @Test("viewers may not see or decide clusters; a forged or stale decision changes nothing")
    func refused() throws {
        let s = try Self.served.get()
        let viewer = try s.signIn("minh").session!
        #expect(try s.get("/clusters", as: viewer).status == 403)
        #expect(try s.post("/clusters/review", as: viewer, form: ["csrf": try s.csrf(viewer), "cluster": "1,2"]).status == 403)
        let editor = try s.signIn("hoa").session!
        let waiting = try s.library.clustersToReview().waiting
        #expect(try s.post("/clusters/review", as: editor, form: ["csrf": "forged", "cluster": "1,2"]).status == 403)
        let stale = try s.post("/clusters/review", as: editor, form: ["csrf": try s.csrf(editor), "cluster": "999,1000"])
        #expect(stale.status == 400)
        #expect(stale.text.contains("Yêu cầu không hợp lệ: nhóm này đã thay đổi hoặc đã được xem xét; hãy tải lại trang"))
        #expect(try s.library.clustersToReview().waiting == waiting)
    }
}
