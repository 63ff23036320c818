import GRDB
import KhoVocabulary

// The shared words go into and come out of SQLite as their raw text, so records hold them
// directly (GRDB's guide: enums that are DatabaseValueConvertible).
extension MediaKind: DatabaseValueConvertible {}
extension ContentType: DatabaseValueConvertible {}
extension Extraction.Status: DatabaseValueConvertible {}
extension TextOrigin: DatabaseValueConvertible {}
extension Fingerprint.Method: DatabaseValueConvertible {}
extension Fingerprint.Status: DatabaseValueConvertible {}
extension IngestResult: DatabaseValueConvertible {}
extension WatchState: DatabaseValueConvertible {}
extension AfterAction: DatabaseValueConvertible {}
extension Damage: DatabaseValueConvertible {}
extension ValueOrigin: DatabaseValueConvertible {}
extension TopicKind: DatabaseValueConvertible {}
extension AuditRunKind: DatabaseValueConvertible {}
extension FindingKind: DatabaseValueConvertible {}
extension AuditOutcome: DatabaseValueConvertible {}
extension ManualField: DatabaseValueConvertible {}
extension OCRWork: DatabaseValueConvertible {}
extension Role: DatabaseValueConvertible {}
