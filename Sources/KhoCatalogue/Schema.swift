import Foundation
import GRDB
import KhoVocabulary

/// The migrations in `Schema/`, compiled into the binary (the package embeds those files;
/// SwiftPM names `0001_initial.sql` `_001_initial_sql`). A test checks this list against Schema/.
/// File `NNNN_name.sql` is migration number NNNN; each runs once, in order, in a transaction,
/// and leaves its number in `PRAGMA user_version`.
enum Schema {
    static let migrations: [(version: Int, name: String, sql: String)] = [
        (1, "0001_initial", String(decoding: PackageResources._001_initial_sql, as: UTF8.self)),
        (2, "0002_text_and_search", String(decoding: PackageResources._002_text_and_search_sql, as: UTF8.self)),
        (3, "0003_watch", String(decoding: PackageResources._003_watch_sql, as: UTF8.self)),
        (4, "0004_audit", String(decoding: PackageResources._004_audit_sql, as: UTF8.self)),
        (5, "0005_fingerprints", String(decoding: PackageResources._005_fingerprints_sql, as: UTF8.self)),
        (6, "0006_classification", String(decoding: PackageResources._006_classification_sql, as: UTF8.self)),
        (7, "0007_as_typed_spelling", String(decoding: PackageResources._007_as_typed_spelling_sql, as: UTF8.self)),
        (8, "0008_suspects_and_undo_log", String(decoding: PackageResources._008_suspects_and_undo_log_sql, as: UTF8.self)),
        (9, "0009_ocr_queue", String(decoding: PackageResources._009_ocr_queue_sql, as: UTF8.self)),
        (10, "0010_accounts", String(decoding: PackageResources._010_accounts_sql, as: UTF8.self)),
        (11, "0011_edits", String(decoding: PackageResources._011_edits_sql, as: UTF8.self)),
        (12, "0012_dedup_review", String(decoding: PackageResources._012_dedup_review_sql, as: UTF8.self)),
        (13, "0013_fingerprint_versions", String(decoding: PackageResources._013_fingerprint_versions_sql, as: UTF8.self)),
    ]

    static var latestVersion: Int { migrations.last!.version }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in
                try db.execute(sql: migration.sql)
                try db.execute(sql: "PRAGMA user_version = \(migration.version)")
            }
        }
        return migrator
    }
}
