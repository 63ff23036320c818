import GRDB
import KhoVocabulary

// The records are plain values (KhoVocabulary); how each is read from and written to its table.
extension ObjectRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "objects" }
}
extension SourceRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "sources" }
}
extension IngestRunRecord: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "ingest_runs" }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension QuarantineRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "quarantine" }
}
extension ProblemRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "ingest_problems" }
}
extension FactRecord: FetchableRecord, PersistableRecord {
    public static var databaseTableName: String { "facts" }
}
extension AuditRunRecord: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "audit_runs" }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension AuditProblemRecord: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "audit_problems" }
}
extension MirrorRecord: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "mirrors" }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
extension TextRecord: FetchableRecord {}
extension RemovalRecord: FetchableRecord {}
extension WatchJournalRecord: FetchableRecord, MutablePersistableRecord {
    public static var databaseTableName: String { "watch_journal" }
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
