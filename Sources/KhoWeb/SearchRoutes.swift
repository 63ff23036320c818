import Foundation
import Hummingbird
import KhoKit

/// The start page: one search box, facets to click, a grid of thumbnails, pages.
struct SearchRoutes {
    let library: LibraryWriter
    let pages: Pages
    let facets: FacetCache

    func add(to router: Router<WebContext>) {
        router.get("/") { request, context in try await searchPage(request, context) }
    }

    private func searchPage(_ request: Request, _ context: WebContext) async throws -> Response {
        let parameters = SearchParameters(query: QueryString.parse(request.uri.query))
        let strings = context.strings
        let library = self.library
        var problem: String?
        var page = SearchPage(hits: [], matched: 0, ranked: 0)
        var counts: [String: [String: Int]]?
        do {
            let asked = try parameters.filters()
            let words = parameters.words
            let narrowed = !words.isEmpty || !parameters.values.isEmpty
            (page, counts) = try await blocking {
                var filters = asked
                if !words.isEmpty { try Library.checkQuery(words) }
                try library.check(&filters)
                let page = try library.search(words, filters: filters)
                // Facets count what this search found; the whole library's counts are cached.
                return (page, narrowed ? try library.facets(of: page, words: words, filters: filters) : nil)
            }
        } catch let failure as WebError {
            problem = failure.message(strings)
        } catch {
            // A query or filter a person typed that cannot be used: said on the page, as the CLI says it.
            problem = MessageText.say("\(error)", strings)
        }
        if counts == nil { counts = try await facets.current(library) }
        var data: [String: Any] = [
            "hits": page.hits.map { hit(strings, $0) },
            "facets": facetSections(strings, counts ?? [:], parameters),
            "summary": summary(strings, page, parameters),
        ]
        let chosen = SearchParameters.facetKeys.compactMap { key in
            parameters.values[key].map { ["label": strings["facet_" + key], "value": label(strings, key, $0),
                                          "remove_href": parameters.link(setting: key, to: nil)] }
        }
        if let account = context.session?.account, account.role >= .editor {
            let known = account.role == .admin ? try await facets.current(library)["unit"] ?? [:] : [:]
            let units = account.role == .admin ? known.keys.filter { $0 != "(none)" }.sorted() : account.units
            let waiting = try await blocking { try library.clustersToReview(limit: 0).waiting }
            if waiting > 0 { data["review"] = ["n": strings.number(waiting)] }
            data["upload"] = ["units": units, "admin": account.role == .admin, "first_unit": units.first ?? "",
                              "csrf": context.session!.csrfToken]
        }
        data["filters"] = chosen
        data["has_filters"] = !chosen.isEmpty
        if let problem { data["problem"] = problem }
        let shownSoFar = parameters.page * SearchParameters.pageSize
        if parameters.page > 1 || page.matched > shownSoFar {
            var paging: [String: Any] = ["label": strings.format("page_of", ["page": String(parameters.page)])]
            if parameters.page > 1 { paging["previous"] = parameters.link(page: parameters.page - 1) }
            if page.matched > shownSoFar && shownSoFar < max(page.ranked, 1) { paging["next"] = parameters.link(page: parameters.page + 1) }
            data["paging"] = paging
        }
        let title = parameters.words.isEmpty ? strings["search_label"] : parameters.words
        return pages.render("search", title: title, data: data, request: request, context: context)
    }

    private func summary(_ strings: Strings, _ page: SearchPage, _ parameters: SearchParameters) -> String {
        if page.matched == 0 { return strings["matched_none"] }
        let n = strings.number(page.matched)
        if parameters.words.isEmpty && parameters.values.isEmpty { return strings.format("browse_count", ["n": n]) }
        return strings.format(page.estimated ? "matched_about" : "matched_count", ["n": n])
    }

    private func hit(_ strings: Strings, _ hit: SearchHit) -> [String: Any] {
        var out: [String: Any] = ["digest": hit.object.digest, "name": hit.object.title ?? hit.name,
                                  "date": WebDates.day(takenAt: hit.takenAt, added: hit.object.firstSeenAt)]
        if let unit = hit.unit { out["unit"] = unit }
        if !hit.snippet.isEmpty { out["snippet"] = Pages.snippetHTML(hit.snippet) }
        if hit.similar > 0 { out["similar"] = strings.format("similar_count", ["n": String(hit.similar)]) }
        return out
    }

    private func facetSections(_ strings: Strings, _ counts: [String: [String: Int]], _ parameters: SearchParameters) -> [[String: Any]] {
        SearchParameters.facetKeys.compactMap { key -> [String: Any]? in
            guard let values = counts[key], !values.isEmpty else { return nil }
            let top = values.filter { $0.key != "(none)" }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12)
            guard !top.isEmpty else { return nil }
            return ["key": key, "label": strings["facet_" + key], "values": top.map { value, count -> [String: Any] in
                let active = parameters.values[key] == value
                return ["name": label(strings, key, value), "count": strings.number(count), "active": active,
                        "href": parameters.link(setting: key, to: active ? nil : value)]
            }]
        }
    }

    private func label(_ strings: Strings, _ key: String, _ value: String) -> String {
        key == "type" ? (strings.table["type_" + value] ?? value) : value
    }
}

/// Facet counts over the whole library (the start page), recounted at most once a minute: the
/// counts walk every item, and each visit to the start page should not pay for that.
actor FacetCache {
    private var counts: [String: [String: Int]] = [:]
    private var at = Date.distantPast

    func current(_ library: LibraryWriter) async throws -> [String: [String: Int]] {
        if Date().timeIntervalSince(at) < 60 { return counts }
        counts = try await blocking { try library.facets() }
        at = Date()
        return counts
    }
}
