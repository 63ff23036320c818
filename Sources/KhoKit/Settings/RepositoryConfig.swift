import Foundation
import KhoVocabulary
import TOMLKit

/// The repository's settings file, `<repository>/kho.toml` (optional; every key has a default).
///
///     [units]                     # inbox folder name = unit name recorded
///     VanPhong = "Văn phòng"
///
///     [watch]
///     after  = "move"             # keep | move | delete
///     stable = 5                  # seconds a file must stay unchanged before it is taken
///     poll   = 0                  # 0: inotify (polling by itself on network shares); N: poll every N s
///     rescan = 300                # seconds between full rescans of the inbox
///     done   = "/srv/kho/done"    # default: "done" beside the inbox
///     failed = "/srv/kho/failed"  # default: "failed" beside the inbox
///     ignore = ["*.part", ".*"]   # replaces the default list of names never taken
///
///     [serve]
///     anonymous_viewing = false           # search, look, download without an account
///     admins_need_second_factor = false   # admins sign in with a TOTP code too
///
///     [quota]                     # see QuotaSettings
///     counts = ["article"]
///     [quota.per_week]
///     "2026" = 1
///     "2027-2030" = 2
public struct RepositoryConfig: Sendable, Equatable {
    public static let fileName = "kho.toml"

    public var units: [String: String] = [:]
    public var watch = WatchConfig()
    /// Topics and event days; nil when the file has none (the standard taxonomy applies).
    public var taxonomy: Taxonomy?
    /// OCR images classified as scans or graphics without text (Tesseract); PDFs without a text layer always.
    public var ocrImages = true
    public var serve = ServeConfig()
    /// `[quota]`: contributions each unit owes a week (QuotaSettings).
    public var quota = QuotaSettings()

    /// `[serve]`: what kho serve lets people do without an account, and what it asks of admins.
    public struct ServeConfig: Sendable, Equatable {
        /// Searching, looking and downloading without signing in (uploads and edits still need an account).
        public var anonymousViewing = false
        /// Admins must sign in with a second factor (TOTP), and add one before doing anything else.
        public var adminsNeedSecondFactor = false
        public init() {}
    }

    public struct WatchConfig: Sendable, Equatable {
        public var after: AfterAction?
        public var stable: Double?
        public var poll: Double?
        public var rescan: Double?
        public var done: String?
        public var failed: String?
        public var ignore: [String]?
        public init() {}
    }

    public struct Failure: Error, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "the settings file \(path) cannot be used: \(reason)" }
    }

    public init() {}

    /// contrib/kho.toml: every setting at its default, explained; `kho init` writes it.
    public static var sample: String { String(decoding: PackageResources.kho_toml, as: UTF8.self) }

    /// Writes the commented sample into a repository that has no settings file yet.
    public static func writeSampleIfMissing(repository root: String) throws {
        let path = root + "/" + fileName
        guard !FileManager.default.fileExists(atPath: path) else { return }
        try Data(sample.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
    }

    /// Reads `<repository>/kho.toml`; a missing file means all defaults.
    public static func load(repository root: String) throws -> RepositoryConfig {
        let path = root + "/" + fileName
        guard FileManager.default.fileExists(atPath: path) else { return RepositoryConfig() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Failure(path: path, reason: "it cannot be read as UTF-8 text (\(error.localizedDescription))")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws -> RepositoryConfig {
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch let error as TOMLParseError {
            throw Failure(path: path, reason: "line \(error.source.begin.line): \(error.description)")
        } catch {
            throw Failure(path: path, reason: "\(error)")
        }
        var config = RepositoryConfig()
        for key in table.keys where !["units", "watch", "topic", "event", "classify", "serve", "quota"].contains(key) {
            throw Failure(path: path, reason: "unknown section [\(key)] (known: [units], [watch], [[topic]], [[event]], [classify], [serve], [quota])")
        }
        if let quota = table["quota"] {
            guard let quota = quota.table else { throw Failure(path: path, reason: "[quota] must be a table") }
            config.quota = try QuotaSettings.parse(quota, path: path)
        }
        if let serve = table["serve"] {
            guard let serve = serve.table else { throw Failure(path: path, reason: "[serve] must be a table") }
            for (key, value) in serve {
                guard let flag = value.bool else { throw Failure(path: path, reason: "[serve] \(key) must be true or false") }
                switch key {
                case "anonymous_viewing": config.serve.anonymousViewing = flag
                case "admins_need_second_factor": config.serve.adminsNeedSecondFactor = flag
                default: throw Failure(path: path, reason: "[serve] has an unknown key \"\(key)\" (known: anonymous_viewing, admins_need_second_factor)")
                }
            }
        }
        if table["topic"] != nil || table["event"] != nil {
            var taxonomy = Taxonomy()
            if let topics = table["topic"] {
                guard let array = topics.array else { throw Failure(path: path, reason: "topics are written [[topic]]") }
                taxonomy.topics = try Taxonomy.parse(array, event: false, path: path)
            }
            if let events = table["event"] {
                guard let array = events.array else { throw Failure(path: path, reason: "event days are written [[event]]") }
                taxonomy.events = try Taxonomy.parse(array, event: true, path: path)
            }
            config.taxonomy = taxonomy
        }
        if let classify = table["classify"]?.table, let ocr = classify["ocr_images"] {
            guard let flag = ocr.bool else { throw Failure(path: path, reason: "[classify] ocr_images must be true or false") }
            config.ocrImages = flag
        }
        if let units = table["units"] {
            guard let units = units.table else { throw Failure(path: path, reason: "[units] must be a table of folder = \"unit name\"") }
            for (folder, value) in units {
                guard let name = value.string, !name.isEmpty else {
                    throw Failure(path: path, reason: "[units] \(folder) must be a non-empty text in quotes")
                }
                // Folder names from macOS clients arrive decomposed; the mapping must not care.
                config.units[folder.precomposedStringWithCanonicalMapping] = name.precomposedStringWithCanonicalMapping
            }
        }
        if let watch = table["watch"] {
            guard let watch = watch.table else { throw Failure(path: path, reason: "[watch] must be a table") }
            func seconds(_ key: String, allowZero: Bool) throws -> Double? {
                guard let value = watch[key] else { return nil }
                let number = value.double ?? value.int.map(Double.init)
                guard let number, number > 0 || (allowZero && number == 0) else {
                    throw Failure(path: path, reason: "[watch] \(key) must be a number of seconds\(allowZero ? " (0 or more)" : " above 0")")
                }
                return number
            }
            for key in watch.keys where !["after", "stable", "poll", "rescan", "done", "failed", "ignore"].contains(key) {
                throw Failure(path: path, reason: "[watch] has an unknown key \"\(key)\" (known: after, stable, poll, rescan, done, failed, ignore)")
            }
            if let after = watch["after"] {
                guard let text = after.string, let action = AfterAction(rawValue: text) else {
                    throw Failure(path: path, reason: "[watch] after must be \"keep\", \"move\" or \"delete\"")
                }
                config.watch.after = action
            }
            config.watch.stable = try seconds("stable", allowZero: true)
            config.watch.poll = try seconds("poll", allowZero: true)
            config.watch.rescan = try seconds("rescan", allowZero: false)
            for key in ["done", "failed"] {
                guard let value = watch[key] else { continue }
                guard let text = value.string, !text.isEmpty else { throw Failure(path: path, reason: "[watch] \(key) must be a folder path in quotes") }
                if key == "done" { config.watch.done = text } else { config.watch.failed = text }
            }
            if let ignore = watch["ignore"] {
                guard let array = ignore.array else { throw Failure(path: path, reason: "[watch] ignore must be a list of name patterns") }
                config.watch.ignore = try array.map {
                    guard let s = $0.string, !s.isEmpty else { throw Failure(path: path, reason: "[watch] ignore holds something that is not a name pattern") }
                    return s
                }
            }
        }
        return config
    }
}
