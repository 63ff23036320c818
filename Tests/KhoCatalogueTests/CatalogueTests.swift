import KhoVocabulary
import Foundation
import GRDB
import KhoTestSupport
import Testing
@testable import KhoCatalogue

@Suite("Catalogue")
struct CatalogueTests {
    let catalogue: Catalogue
    let runID: Int64

    init() throws {
        let dir = try TestSupport.scratchDirectory("kho-cat")
        catalogue = try Catalogue(path: dir + "/catalogue.sqlite")
        runID = try catalogue.beginRun(IngestRunRecord(command: "ingest", user: "test", host: "h", roots: "[]", unit: nil,
                                                       startedAt: Timestamp.now()))
    }

    func file(_ digest: String, _ path: String, unit: String? = nil) -> CataloguedFile {
        CataloguedFile(digest: digest, size: 10, mime: "text/plain", kind: .document, path: path,
                       fileName: (path as NSString).lastPathComponent, mtime: "2026-01-01T00:00:00.000Z", unit: unit,
                       claimedMime: "text/plain", extMismatch: false, facts: [Extraction.Fact("exif.make", "NIKON")])
    }

    @Test("the migrations compiled into kho are exactly Schema/*.sql, in order, and set user_version")
    func schemaFilesAreEmbedded() throws {
        let dir = TestSupport.packageRoot.appendingPathComponent("Schema").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".sql") }.sorted()
        #expect(files.map { String($0.dropLast(4)) } == Schema.migrations.map(\.name))
        for (file, migration) in zip(files, Schema.migrations) {
            #expect(try String(contentsOfFile: dir + "/" + file, encoding: .utf8) == migration.sql)
            #expect(Int(file.prefix(4)) == migration.version)
        }
        #expect(try catalogue.schemaVersion() == Schema.latestVersion)
        let mode = try catalogue.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let fk = try catalogue.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(fk == 1)
    }

    /// A catalogue written by a kho that knew migrations 1–6 only.
    func catalogueOfSchema6(_ label: String) throws -> String {
        let path = try TestSupport.scratchDirectory(label) + "/catalogue.sqlite"
        var config = Configuration()
        config.prepareDatabase { db in db.add(tokenizer: VietnameseTokenizer.self) }
        let pool = try DatabasePool(path: path, configuration: config)
        try Schema.migrator.migrate(pool, upTo: "0006_classification")
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } == 6)
        try pool.close()
        return path
    }

    @Test("a catalogue of an older schema is migrated on opening, and the caller is told first")
    func upgradeIsAnnounced() throws {
        let path = try catalogueOfSchema6("kho-upgrade")
        var told: [(Int, Int)] = []
        let upgraded = try Catalogue(path: path) { told.append(($0, $1)) }
        #expect(told.map { "\($0.0)→\($0.1)" } == ["6→\(Schema.latestVersion)"])
        #expect(try upgraded.schemaVersion() == Schema.latestVersion)
        // Opening it again, or a new one, says nothing.
        told = []
        _ = try Catalogue(path: path) { told.append(($0, $1)) }
        _ = try Catalogue(path: path + "-new") { told.append(($0, $1)) }
        #expect(told.isEmpty)
    }

    @Test("opened read-only, an older catalogue is migrated first (and the caller told), then refuses writes; a newer one is refused")
    func readOnlyOpening() throws {
        let path = try catalogueOfSchema6("kho-upgrade-ro")
        var told: [(Int, Int)] = []
        let reader = try Catalogue(path: path, readOnly: true) { told.append(($0, $1)) }
        #expect(told.map { "\($0.0)→\($0.1)" } == ["6→\(Schema.latestVersion)"])
        #expect(try reader.schemaVersion() == Schema.latestVersion)
        let refused = #expect(throws: DatabaseError.self) { try reader.renameUnits([(from: "A", to: "B")]) }
        #expect(refused?.resultCode == .SQLITE_READONLY)
        try reader.close()
        told = []
        _ = try Catalogue(path: path, readOnly: true) { told.append(($0, $1)) }
        #expect(told.isEmpty)

        let writer = try DatabasePool(path: path)
        try writer.write { db in try db.execute(sql: "PRAGMA user_version = \(Schema.latestVersion + 1)") }
        try writer.close()
        #expect(throws: Catalogue.Failure.self) { try Catalogue(path: path, readOnly: true) }
    }

    @Test("identical bytes from another path add a source, never a second object")
    func sourcesNotObjects() throws {
        let d = String(repeating: "ab", count: 32)
        let first = try catalogue.record(runID: runID, files: [file(d, "/in/VanPhong/a.txt", unit: "VanPhong")],
                                         quarantined: [], problems: [], at: Timestamp.now())
        #expect(first == [CatalogueOutcome(objectAdded: true, sourceAdded: true, objectID: 1)])
        let second = try catalogue.record(runID: runID, files: [file(d, "/in/PhongQLDN/b.txt", unit: "PhongQLDN"),
                                                                file(d, "/in/VanPhong/a.txt")],
                                          quarantined: [], problems: [], at: Timestamp.now())
        #expect(second == [CatalogueOutcome(objectAdded: false, sourceAdded: true, objectID: 1),
                           CatalogueOutcome(objectAdded: false, sourceAdded: false, objectID: 1)])
        let stats = try catalogue.stats()
        #expect(stats.objects == 1)
        #expect(stats.sources == 2)
        #expect(stats.units == ["VanPhong": 1, "PhongQLDN": 1])
        let object = try #require(try catalogue.objects(digestPrefix: "abab").first)
        let details = try catalogue.details(of: object)
        #expect(details.sources.map(\.path) == ["/in/VanPhong/a.txt", "/in/PhongQLDN/b.txt"])
        #expect(details.sources[0].unit == "VanPhong")  // a later sighting without a unit keeps the unit
        #expect(details.facts == [FactRecord(objectId: object.id!, key: "exif.make", value: "NIKON")])
    }

    @Test("NFC and NFD spellings of one Vietnamese name stay two sources, byte for byte")
    func normalisationPreserved() throws {
        let nfc = "/in/Kế hoạch.docx".precomposedStringWithCanonicalMapping
        let nfd = "/in/Kế hoạch.docx".decomposedStringWithCanonicalMapping
        #expect(Array(nfc.utf8) != Array(nfd.utf8))
        let d = String(repeating: "cd", count: 32)
        let outcomes = try catalogue.record(runID: runID, files: [file(d, nfc), file(d, nfd)], quarantined: [], problems: [],
                                            at: Timestamp.now())
        #expect(outcomes.map(\.sourceAdded) == [true, true])
        let object = try #require(try catalogue.objects(digestPrefix: "cdcd").first)
        let paths = try catalogue.details(of: object).sources.map { Array($0.path.utf8) }
        #expect(paths == [Array(nfc.utf8), Array(nfd.utf8)])
        #expect(try catalogue.objects(sourcePath: nfd).count == 1)
    }

    @Test("digest prefixes select by range; foreign keys are enforced")
    func prefixAndForeignKeys() throws {
        let a = "0a" + String(repeating: "1", count: 62)
        let b = "0a" + String(repeating: "2", count: 62)
        let c = "0b" + String(repeating: "1", count: 62)
        _ = try catalogue.record(runID: runID, files: [file(a, "/a"), file(b, "/b"), file(c, "/c")], quarantined: [],
                                 problems: [], at: Timestamp.now())
        #expect(try catalogue.objects(digestPrefix: "0a").map(\.digest) == [a, b])
        #expect(try catalogue.objects(digestPrefix: "0A11").map(\.digest) == [a])
        #expect(try catalogue.objects(digestPrefix: "0c").isEmpty)
        #expect(throws: DatabaseError.self) {
            try catalogue.write { db in
                try db.execute(sql: """
                    INSERT INTO sources (object_id, path, file_name, size, mtime, run_id, ingested_at, last_run_id, last_seen_at)
                    VALUES (9999, '/x', 'x', 1, 't', ?, 't', ?, 't')
                    """, arguments: [runID, runID])
            }
        }
    }
}
