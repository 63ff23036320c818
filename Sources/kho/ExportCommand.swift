import ArgumentParser
import Foundation
import KhoKit

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Copy an item's bytes out of the repository, verified.",
        discussion: """
        The bytes are checked against the item's SHA-256 as they stream; a
        damaged object is never handed out (the partial copy is removed and the
        exit status is 1). An existing file is never overwritten. If --to is a
        folder, the file gets the name it was ingested under. A destination
        folder that does not exist is a usage error (exit status 2).

          kho export 441daaea --to ~/Desktop/
          kho export 441daaea --to /tmp/anh.jpg
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A digest prefix or an ingested path.", valueName: "digest-or-path"))
    var reference: String

    @Option(help: ArgumentHelp("Where to write: a new file's path, or an existing folder.", valueName: "path"))
    var to: String

    struct Report: Encodable {
        let digest: String
        let path: String
        let size: Int64
        let verified: Bool
    }

    func run() throws {
        let library = try global.openForReading()
        let object = try { () throws -> ObjectRecord in
            do { return try library.resolve(reference) } catch { throw KhoFailure(message: "\(error)", code: 1) }
        }()
        let destination = FileWalker.absolute(to)
        let folder = to.hasSuffix("/") ? destination : (destination as NSString).deletingLastPathComponent
        var folderIsDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &folderIsDirectory), folderIsDirectory.boolValue else {
            throw KhoFailure(message: "the destination folder \(Output.display(folder)) does not exist — create it first, or give a folder that exists", code: 2)
        }
        let written: String
        do {
            written = try library.export(object, to: destination)
        } catch {
            throw KhoFailure(message: "\(error)", code: 1)
        }
        if global.json {
            Output.json(Report(digest: object.digest, path: written, size: object.size, verified: true))
        } else {
            print("Exported \(String(object.digest.prefix(12))) to \(Output.display(written)) (\(Output.bytes(object.size)), digest verified)")
        }
    }
}
