import CKhoSys
import Foundation
import KhoVocabulary
import Glibc

/// How a watched inbox is read: which names are never taken, what unit and tags a path means, and
/// where a handled original goes.
///
///     inbox/VanPhong/Hội nghị 2026/Ảnh/a.jpg   unit VanPhong (or its [units] name), tags "Hội nghị 2026", "Ảnh"
///     done/VanPhong/2026-11-23/Hội nghị 2026/Ảnh/a.jpg        after a successful ingest (--after move)
///     failed/VanPhong/Hội nghị 2026/Ảnh/a.jpg  + a.jpg.error.txt   when it could not be taken
public struct InboxLayout: Sendable {
    /// Names (any folder or file under the inbox) never taken: partial downloads, office lock and
    /// temporary files, system files, NAS recycle bins, hidden files.
    public static let defaultIgnore = [
        ".*", "*.part", "*.partial", "*.crdownload", "*.download", "*.tmp", "*.temp", "*.swp", "~$*", "~*.tmp",
        "Thumbs.db", "desktop.ini", "@eaDir", "#recycle", "$RECYCLE.BIN", "System Volume Information", "*.error.txt",
    ]

    public let inbox: String
    public let done: String
    public let failed: String
    public let ignore: [String]
    /// Folder name (NFC) → unit name.
    public let units: [String: String]

    public init(inbox: String, done: String? = nil, failed: String? = nil, ignore: [String] = InboxLayout.defaultIgnore,
                units: [String: String] = [:]) {
        let inbox = FileWalker.absolute(inbox)
        let parent = (inbox as NSString).deletingLastPathComponent
        self.inbox = inbox
        self.done = FileWalker.absolute(done ?? parent + "/done")
        self.failed = FileWalker.absolute(failed ?? parent + "/failed")
        self.ignore = ignore
        self.units = units
    }

    /// What a path under the inbox means.
    public struct Place: Sendable, Equatable {
        /// The folders between the inbox and the file, byte-exact (the first is the unit folder).
        public var folders: [String]
        public var fileName: String
        public var unitFolder: String? { folders.first }
    }

    /// The place of a path inside the inbox; nil when outside it or ignored.
    public func place(of path: String) -> Place? {
        let prefix = inbox == "/" ? "/" : inbox + "/"
        // Bytes, not String: an NFD path must not count as under an NFC inbox of the same look.
        guard path.utf8.starts(with: prefix.utf8) else { return nil }
        let relative = String(decoding: path.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
        let parts = relative.split(separator: "/").map(String.init)
        guard let name = parts.last, !parts.contains(where: isIgnored) else { return nil }
        return Place(folders: Array(parts.dropLast()), fileName: name)
    }

    public func isIgnored(_ name: String) -> Bool {
        ignore.contains { fnmatch($0, name, 0) == 0 }
    }

    /// The unit recorded for a place: the [units] name of its first folder, else that folder's name
    /// (nil when the folder is not a unit [units] lists: see `unknownUnit`).
    public func unit(of place: Place) -> String? {
        guard let folder = place.unitFolder else { return nil }
        if case .unit(let name) = UnitNames(units).resolve(folder) { return name }
        return nil
    }

    /// Why a place's first folder is not a unit, when kho.toml lists the units and it is not one.
    public func unknownUnit(of place: Place) -> String? {
        guard let folder = place.unitFolder else { return nil }
        if case .unknown(let reason) = UnitNames(units).resolve(folder) { return reason }
        return nil
    }

    /// Deeper folders, as tags (NFC).
    public func tags(of place: Place) -> [String] {
        place.folders.dropFirst().map { $0.precomposedStringWithCanonicalMapping }
    }

    /// Where a successfully taken original goes: done/UNIT/DATE/sub/folders/name.
    public func doneDirectory(for place: Place, date: String) -> String {
        var parts = [done]
        if let unit = place.unitFolder { parts.append(unit) }
        parts.append(date)
        parts.append(contentsOf: place.folders.dropFirst())
        return parts.joined(separator: "/")
    }

    /// Where an original that could not be taken goes: failed/UNIT/sub/folders/name.
    public func failedDirectory(for place: Place) -> String {
        ([failed] + place.folders).joined(separator: "/")
    }

    /// Folders inside the inbox that must never be walked: done/, failed/ and the repository when
    /// someone put them there.
    public func excludedFolders(repository: String) -> [String] {
        [done, failed, repository].filter { $0.utf8.starts(with: (inbox + "/").utf8) }
    }

    /// Today's local date as the done/ folder names it.
    public static func today() -> String {
        var (year, month, day): (Int32, Int32, Int32) = (0, 0, 0)
        kho_local_date(&year, &month, &day)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
