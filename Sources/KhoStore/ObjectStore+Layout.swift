import KhoVocabulary
import CKhoSys
import Glibc

/// Where objects live: `objects/sha256/ab/<64 hex>`, one fan-out level of 256 folders made when the
/// store is created, as git and restic do.
///
/// Stores written before December 2026 fanned out twice (`ab/cd/<64 hex>`). At a million objects
/// that is 15 files a folder, and a fresh store made a new folder for nearly every object: 0.14 ms
/// of mkdir on ext4 each, a fifth of a small file's ingest. One level holds 4,000 names a folder at
/// a million objects and 40,000 at ten million, which ext4's hashed directories handle at once.
///
/// `objects/layout` says a store has one level. A store without it is moved over by the first
/// writer that opens it (each object linked up one level, its old name removed, the emptied
/// folders removed, then the marker written); until then readers look under both names. Walks
/// accept both shapes, so an interrupted move loses nothing and the next writer finishes it.
extension ObjectStore {
    /// Makes the directory layout under `root` (idempotent).
    public static func create(at root: String) throws {
        // Its parent folders too, as `git init a/b/c` does: a repository on a new disk's path.
        var parent = ""
        for part in root.split(separator: "/", omittingEmptySubsequences: true).dropLast() {
            parent += "/" + part
            try POSIX.makeDirectory(root.hasPrefix("/") ? parent : String(parent.dropFirst()))
        }
        try POSIX.makeDirectory(root)
        for dir in ["objects", "objects/sha256", "tmp", "quarantine"] {
            try POSIX.makeDirectory(root + "/" + dir)
        }
        try POSIX.fsyncDirectory(root)
        // The fan-out folders and objects/layout come with the first writable open (moveToOneLevel):
        // an existing store of the old layout given here must be moved first, not marked.
    }

    public static func isStore(at root: String) -> Bool {
        POSIX.exists(root + "/objects/sha256") && POSIX.exists(root + "/tmp")
    }

    static let layoutMarker = "objects/layout"
    static let layoutText = "sha256/ab/<64 hex>: one fan-out level (kho, December 2026)\n"
    static let hexDigits = Array("0123456789abcdef")

    /// The 256 fan-out folders, so that publishing an object never makes one.
    static func makeFanOut(_ objectsDirectory: String) throws {
        for a in hexDigits { for b in hexDigits { try POSIX.makeDirectory(objectsDirectory + "/" + String([a, b])) } }
    }

    static func writeLayoutMarker(root: String) throws {
        let path = root + "/" + layoutMarker
        let partial = path + ".partial"
        let fd = try POSIX.open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o444)
        let bytes = Array(layoutText.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(partial, path) == 0 else {
            throw StoreError.from(errno: errno, path: path, operation: "write")
        }
        try POSIX.fsyncDirectory(root + "/objects")
    }

    static func hasOneLevel(root: String) -> Bool { POSIX.exists(root + "/" + layoutMarker) }

    /// Whether the first writer to open the store at `root` will move it to one level (a front end
    /// says so first: it takes a while on a large store).
    public static func needsLayoutMove(root: String) -> Bool { isStore(at: root) && !hasOneLevel(root: root) }

    func oneLevelPath(for digest: Digest) -> String {
        "\(objectsDirectory)/\(String(decoding: digest.hex.utf8.prefix(2), as: UTF8.self))/\(digest.hex)"
    }

    func twoLevelPath(for digest: Digest) -> String {
        let h = Array(digest.hex.utf8)
        return "\(objectsDirectory)/\(String(decoding: h[0..<2], as: UTF8.self))/\(String(decoding: h[2..<4], as: UTF8.self))/\(digest.hex)"
    }

    /// Moves a two-level store to one level (see the type's comment). Safe to run again, and beside
    /// another writer doing the same.
    static func moveToOneLevel(root: String, rootFD: Int32, objectsDirectory: String) throws {
        try makeFanOut(objectsDirectory)
        for a in try POSIX.listDirectory(objectsDirectory) where a.utf8.count == 2 {
            let first = objectsDirectory + "/" + a
            for entry in DirectoryEntries.read(first) ?? [] where entry.kind == .directory && entry.name.count == 2 {
                let second = first + "/" + RawPath.string(entry.name)
                for name in (try? POSIX.listDirectory(second)) ?? [] {
                    guard let digest = Digest(hex: name), digest.hex == name, name.hasPrefix(a + RawPath.string(entry.name)) else { continue }
                    // link, then unlink: never a moment without the object; EEXIST is the same bytes.
                    if link(second + "/" + name, first + "/" + name) != 0 && errno != EEXIST {
                        throw StoreError.from(errno: errno, path: first + "/" + name, operation: "link")
                    }
                    unlink(second + "/" + name)
                }
                rmdir(second)  // fails when strays are left: walks still report them
            }
        }
        if kho_syncfs(rootFD) != 0 { throw StoreError.from(errno: errno, path: root, operation: "syncfs") }
        try writeLayoutMarker(root: root)
    }

    /// Every name under the fan-out folders, with the folder it is in and the prefix its digest must
    /// have there (nil for a name that is not in a fan-out folder at all). Folders of a two-level
    /// store not yet moved are walked too.
    func forEachName(sorted: Bool = false, _ visit: (_ folder: String, _ name: String, _ kind: FileInfo.Kind?, _ prefix: String?) -> Void) {
        func entries(_ folder: String) -> [DirectoryEntries.Entry] {
            let found = DirectoryEntries.read(folder) ?? []
            return sorted ? found.sorted { $0.name.lexicographicallyPrecedes($1.name) } : found
        }
        for top in entries(objectsDirectory) {
            let a = RawPath.string(top.name)
            let first = objectsDirectory + "/" + a
            guard top.name.count == 2, (top.kind ?? FileInfo.of(first, followLinks: false)?.kind) == .directory else {
                visit(objectsDirectory, a, top.kind, nil)
                continue
            }
            for entry in entries(first) {
                let b = RawPath.string(entry.name)
                let kind = entry.kind ?? FileInfo.of(first + "/" + b, followLinks: false)?.kind
                guard entry.name.count == 2, kind == .directory else {
                    visit(first, b, kind, a)
                    continue
                }
                for inner in entries(first + "/" + b) { visit(first + "/" + b, RawPath.string(inner.name), inner.kind, a + b) }
            }
        }
    }
}
