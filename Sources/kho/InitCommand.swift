import ArgumentParser
import KhoKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a repository (or check an existing one).",
        discussion: """
        Makes the folder layout (objects/, quarantine/, tmp/) and the catalogue.
        Running it on an existing repository is safe: nothing is removed, and
        the catalogue is upgraded to this kho's schema. Storage/README.md
        describes the layout. A folder whose objects/ holds files but whose
        catalogue is gone is refused (exit 2): `kho recover` rebuilds it.
        """)

    @OptionGroup var global: GlobalOptions

    struct Report: Encodable {
        let repo: String
        let created: Bool
        let schema_version: Int
    }

    func run() throws {
        let path = global.repositoryPath
        let (library, created): (LibraryWriter, Bool)
        do { (library, created) = try Library.create(at: path) } catch { throw KhoFailure.repository(error) }
        let version = try library.schemaVersion()
        if global.json {
            Output.json(Report(repo: library.root, created: created, schema_version: version))
        } else {
            print(created ? "Initialized an empty kho repository in \(library.root)"
                          : "Checked the existing kho repository in \(library.root) (schema \(version))")
        }
    }
}
