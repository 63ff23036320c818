import ArgumentParser
import Foundation
import KhoKit

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository folder (default: $KHO_REPO, else ./Storage).", valueName: "path"))
    var repo: String?

    @Flag(name: .long, help: "Print one JSON document instead of text (for scripts).")
    var json = false

    var repositoryPath: String { Library.path(repo) }

    /// Opens the library to look at it, or fails with exit status 2 and a hint.
    func openForReading() throws -> Library { try Self.openForReading(repo: repo) }

    static func openForReading(repo: String?) throws -> Library {
        do { return try Library.openForReading(at: Library.path(repo), onUpgrade: sayUpgrade) } catch { throw KhoFailure.repository(error) }
    }

    /// Opens the library to change it, or fails with exit status 2 and a hint.
    func openForWriting(changingStore: Bool = true) throws -> LibraryWriter {
        do {
            return try Library.openForWriting(at: repositoryPath, changingStore: changingStore, onUpgrade: Self.sayUpgrade,
                                              onStoreMove: Self.sayStoreMove)
        } catch { throw KhoFailure.repository(error) }
    }

    /// Said before the work: every stored file is moved, once, after upgrading from an older kho.
    static func sayStoreMove() {
        FileHandle.standardError.write(Data(("kho: moving the stored files to this version's layout (objects/sha256/ab/…, one folder level); "
            + "this is done once and takes a minute or two per million files…\n").utf8))
    }

    /// Said before the work, not after: on a big library the search index takes a while.
    static func sayUpgrade(from: Int, to: Int) {
        FileHandle.standardError.write(Data(("kho: bringing the catalogue up to this version of kho (schema \(from) → \(to)); "
            + "this is done once and can take a minute or two on a large library…\n").utf8))
    }
}

/// The kinds a person may filter by, checked the same way by every command that takes --kind.
enum KindFilter {
    static func validate(_ kind: String?) throws {
        if let kind, MediaKind(rawValue: kind) == nil {
            let names = MediaKind.allCases.map(\.rawValue)
            throw ValidationError("unknown kind '\(kind)'; use \(names.dropLast().joined(separator: ", ")) or \(names.last!)")
        }
    }
}
