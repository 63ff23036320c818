import KhoCatalogue
import KhoMedia

/// Finding things: search, browsing by filters, counts, and the library's history.
extension Library {
    /// Parses what a person typed; throws a message saying what is wrong with it (exit 2 in kho).
    public static func checkQuery(_ text: String) throws { _ = try SearchQuery(parsing: text) }

    /// A folder name from kho.toml's [units] stands for its unit; every value given is checked
    /// against what the library holds, so that a typo names the nearest value instead of finding
    /// nothing. Throws `FilterFailure`.
    public func check(_ filters: inout SearchFilters) throws {
        // kho.toml (with its taxonomy: a third of a plain search's own time) only for --unit.
        let table = filters.unit == nil ? [:] : (try? settings())?.units ?? [:]
        filters.unit = filters.unit.map { table[$0] ?? $0 }
        try FilterValues.check(filters, catalogue: searching, settingsUnits: Array(table.keys) + Array(table.values))
    }

    /// Items matching the words (ranked) within the filters; with no words, the items the filters
    /// select, newest first.
    public func search(_ text: String, filters: SearchFilters) throws -> SearchPage {
        let words = text.split(whereSeparator: \.isWhitespace)
        if words.isEmpty { return try searching.browsePage(filters: filters) }
        return try searching.searchPage(try SearchQuery(parsing: text), filters: filters)
    }

    /// The seam finding goes through (docs/scale-out.md).
    var searching: any SearchCatalogue { repository.catalogue }

    public func stats() throws -> CatalogueStats { try repository.catalogue.stats() }

    /// Every filter value in use, with how many items have it (kho facets).
    public func facets() throws -> [String: [String: Int]] { try repository.catalogue.facets() }

    /// Filter values among what a search found (`page`, for `words` within `filters`): among its
    /// ranked matches when words were given, else among what the filters select.
    public func facets(of page: SearchPage, words: String, filters: SearchFilters) throws -> [String: [String: Int]] {
        if !words.split(whereSeparator: \.isWhitespace).isEmpty { return try repository.catalogue.facets(ids: page.rankedIDs) }
        return try repository.catalogue.facets(filters: filters)
    }

    /// The removals log, newest first.
    public func removals(limit: Int) throws -> [RemovalRecord] { try repository.catalogue.removals(limit: limit) }

    /// Audits and repairs, newest first; `problems` adds what each found.
    public func auditHistory(limit: Int, problems: Bool) throws -> [(run: AuditRunRecord, problems: [AuditProblemRecord])] {
        try repository.catalogue.auditRuns(limit: limit).map { run in
            (run, problems ? try repository.catalogue.auditProblems(runID: run.id!) : [])
        }
    }

    public func mirrors() throws -> [MirrorRecord] { try repository.catalogue.mirrors() }

    /// The watcher: its pid when one runs, its last status, and the journal's counts.
    public func watchState(failures: Int = 10) throws -> (pid: String?, status: WatchStatus?, journal: WatchJournalSummary) {
        (WatchLock.holder(repository: root), WatchStatus.read(repository: root), try repository.catalogue.journalSummary(failures: failures))
    }

    /// What waits for OCR: items, pages, since when.
    public func ocrQueue() throws -> OCRQueueSummary { try repository.catalogue.ocrQueueSummary() }

    /// Near-duplicates and exact duplicates, reported (`LibraryWriter.markDuplicates` also marks
    /// them). `preset`: a name from `Library.similarityPresets`.
    public func findDuplicates(kinds: [MediaKind], preset: String) throws -> DedupJob.Report {
        try DedupJob(repository: repository).run(kinds: kinds, preset: try Self.similarityPreset(preset), mark: false)
    }

    /// Near-duplicate clusters a marking run found that no editor has reviewed yet, oldest first,
    /// and how many wait in all (`kho dedup --new`, kho serve's review page).
    public func clustersToReview(limit: Int = 20) throws -> (clusters: [ClusterToReview], waiting: Int) {
        try repository.catalogue.clustersToReview(limit: limit)
    }

    public static var similarityPresets: [String] { SimilarityPreset.all.map(\.name) }

    static func similarityPreset(_ name: String) throws -> SimilarityPreset {
        guard let preset = SimilarityPreset.named(name) else {
            throw FilterFailure(description: "unknown preset '\(name)'; use " + similarityPresets.joined(separator: ", "))
        }
        return preset
    }
}
