import ArgumentParser
import Foundation
import KhoKit
import KhoMedia

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The repository folder (default: $KHO_REPO, else ./Storage).", valueName: "path"))
    var repo: String?

    @Flag(name: .long, help: "Print one JSON document instead of text (for scripts).")
    var json = false

    var repositoryPath: String { Repository.resolvePath(repo) }

    /// Opens the repository or fails with exit status 2 and a hint.
    func openRepository(writable: Bool) throws -> Repository {
        let path = repositoryPath
        if Repository.hasLostCatalogue(at: path) { throw KhoFailure.repository(Repository.Failure.catalogueMissing(path)) }
        guard Repository.exists(at: path) else {
            throw KhoFailure.repository(Repository.Failure.notInitialized(path))
        }
        do {
            return try Repository(root: path, writable: writable) { from, to in
                // Said before the work, not after: on a big library the search index takes a while.
                FileHandle.standardError.write(Data(("kho: bringing the catalogue up to this version of kho (schema \(from) → \(to)); "
                    + "this is done once and can take a minute or two on a large library…\n").utf8))
            }
        } catch { throw KhoFailure.repository(error) }
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
