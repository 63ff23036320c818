import ArgumentParser
import Foundation

@main
struct Kho: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kho",
        abstract: "A library for a communications office's photos, videos, audio and documents.",
        discussion: """
        kho keeps every file once (by content), remembers every place it came from,
        and finds it again.

        Start with:
          kho init                     create ./Storage (or --repo PATH, KHO_REPO)
          kho ingest inbox/ --unit VanPhong
          kho ls                       what came in last
          kho search chuyen doi so     find by words, with or without diacritics
          kho show 3fa9c1              all about one item (digest prefix or path)
          kho export 3fa9c1 --to ~/Desktop/
          kho previews                 thumbnails to look at (previews/)
          kho watch /srv/kho/inbox     take what staff drop in, as a service
          kho status                   what the watcher is doing
          kho audit --budget 30m       prove the files intact (nightly)
          kho mirror sync · kho repair second copies, and mending from them
          kho recover                  rebuild a lost catalogue from the stored files

        Every command that prints data takes --json: one JSON document, every
        item with its full "digest".

        EXIT STATUS
          0  everything asked for was done
          1  the command ran, but some inputs failed or were refused (each is
             listed with its reason)
          2  usage error, or the repository could not be opened or written
        """,
        version: "0.1.0",
        subcommands: [InitCommand.self, IngestCommand.self, ShowCommand.self, ExportCommand.self,
                      StatsCommand.self, LsCommand.self, SearchCommand.self, ExtractCommand.self, ReindexCommand.self,
                      WatchCommand.self, StatusCommand.self, OCRCommand.self, PreviewsCommand.self, AuditCommand.self, MirrorCommand.self, RepairCommand.self, RecoverCommand.self,
                      DedupCommand.self, FingerprintCommand.self, RemoveCommand.self, GCCommand.self,
                      ClassifyCommand.self, TagCommand.self, SetCommand.self, FacetsCommand.self,
                      UserCommand.self, ServeCommand.self, ReportCommand.self])

    /// ArgumentParser exits 64 on usage errors; kho documents 2 for those.
    static func main() {
        // The most common command, read without ArgumentParser when it is plain (SearchFastPath).
        if let search = SearchRequest.fastPath(Array(CommandLine.arguments.dropFirst())) { finish { try search.run() } }
        // Parsing and running fail apart: whatever parsing throws is about the command line.
        let command: ParsableCommand
        do { command = try parseAsRoot() } catch { exitForUsage(error) }
        finish {
            var command = command
            try command.run()
        }
    }

    /// Runs a command and ends the process with the exit status kho documents.
    static func finish(_ run: () throws -> Void) -> Never {
        do {
            try run()
            Foundation.exit(0)
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as KhoFailure {
            Output.error(failure.message)
            Foundation.exit(failure.code)
        } catch {
            // ArgumentParser's own errors (a root command asked for help, a ValidationError)
            // carry its exit codes: 0 for help, 64 for usage.
            if [ExitCode.success, .validationFailure].contains(exitCode(for: error)) { exitForUsage(error) }
            Output.error("\(error)")
            Foundation.exit(2)
        }
    }

    /// --help and --version print and exit 0; every other usage error is said on stderr, exit 2.
    static func exitForUsage(_ error: Error) -> Never {
        let message = fullMessage(for: error)
        if exitCode(for: error) == .success {
            print(message)
            Foundation.exit(0)
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(2)
    }
}

/// An error that carries the exit status the command should end with.
struct KhoFailure: Error {
    let message: String
    let code: Int32
    static func repository(_ error: Error) -> KhoFailure { KhoFailure(message: "\(error)", code: 2) }
}
