import KhoVocabulary

// The narrowest interfaces the jobs need of a catalogue: the seams a second catalogue (PostgreSQL
// with the same Vietnamese folding, see docs/scale-out.md) or a remote ingest worker would
// implement. `Catalogue` (SQLite through GRDB) is the one implementation today.

/// What taking files in needs: runs, one transaction per batch, and what the near-duplicate note
/// compares against.
public protocol IngestLedger: Sendable {
    func beginRun(_ run: IngestRunRecord) throws -> Int64
    func finishRun(_ run: IngestRunRecord, lazily: Bool) throws
    /// One batch in one transaction; call only once the batch's objects are durable in the store.
    func record(runID: Int64, files: [CataloguedFile], quarantined: [QuarantineRecord],
                problems: [ProblemRecord], at time: String) throws -> [CatalogueOutcome]
    @discardableResult func renameUnits(_ renames: [(from: String, to: String)]) throws -> Int
    func recordSuspects(_ files: [SuspectFile]) throws
    func hasSuspects() throws -> Bool
    func suspects(paths: [String]) throws -> [SuspectFile]
    func dedupCandidates(method: Fingerprint.Method) throws -> [DedupCandidate]
    func optimizeSearchIndex() throws
}

/// What finding things needs: ranked search, browsing by filters, one item with its sources.
public protocol SearchCatalogue: Sendable {
    func searchPage(_ query: SearchQuery, filters: SearchFilters) throws -> SearchPage
    func browsePage(filters: SearchFilters) throws -> SearchPage
    func knownFilterValues() throws -> [String: [String]]
    func details(of object: ObjectRecord) throws -> ObjectDetails
    func objects(digestPrefix prefix: String, limit: Int) throws -> [ObjectRecord]
    func objects(sourcePath path: String) throws -> [ObjectRecord]
}

extension Catalogue: IngestLedger, SearchCatalogue {}
