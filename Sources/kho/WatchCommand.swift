import ArgumentParser
import Foundation
import KhoKit

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Take in every file dropped into an inbox folder, as a service.",
        discussion: """
        The inbox has one sub-folder per unit (inbox/VanPhong/, inbox/PhongQLDN/);
        deeper folders become tags. A file is taken once its size and times stay
        unchanged for --stable seconds and no program holds it open for writing;
        a file moved in is taken at once. Temporary and system files (*.part,
        ~$*, .DS_Store, Thumbs.db, dot-files …) are ignored.

        After its bytes and catalogue rows are safely on disk, the original is
        moved to done/UNIT/DATE/ (default), kept, or deleted (--after). A file
        that cannot be taken goes to failed/UNIT/ with NAME.error.txt saying
        why. done/ and failed/ sit beside the inbox unless kho.toml says else.
        A symbolic link is never followed: it goes to failed/ as a link. When
        kho.toml lists the units, a folder not on the list is no unit: its
        files go to failed/ with the nearest known name. A file kho crashed on
        goes to failed/ at the restart, instead of stopping kho again.

        inotify is used on local disks; network shares (NFS, SMB/CIFS) are
        polled. The whole inbox is rescanned at start and every --rescan
        seconds. Settings, unit names and the ignore list: REPO/kho.toml.

          kho watch /srv/kho/inbox
          kho watch /mnt/share/inbox --poll 30 --after keep
          kho watch inbox --log-json 2>> watch.log

        One line per file goes to stderr (unit, name, result, digest, ms).
        SIGTERM or Ctrl-C finishes the files in hand and stops. Exit status:
        0 stopped on request; 2 cannot start (no inbox, settings file wrong,
        another watcher already running) or the repository failed.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The inbox folder to watch.", valueName: "inbox"))
    var inbox: String

    @Option(help: ArgumentHelp("Poll every N seconds instead of inotify.", valueName: "seconds"))
    var poll: Double?

    @Option(help: ArgumentHelp("Seconds a file must stay unchanged (default 5).", valueName: "seconds"))
    var stable: Double?

    @Option(help: ArgumentHelp("What becomes of an original once stored (default move).", valueName: "action"))
    var after: AfterAction?

    @Option(help: ArgumentHelp("Seconds between full rescans (default 300).", valueName: "seconds"))
    var rescan: Double?

    @Flag(help: "Log one JSON object per line instead of text (--json too).")
    var logJSON = false

    func validate() throws {
        if let poll, poll <= 0 { throw ValidationError("--poll takes a number of seconds above 0") }
        if let stable, stable < 0 { throw ValidationError("--stable takes a number of seconds, 0 or more") }
        if let rescan, rescan <= 0 { throw ValidationError("--rescan takes a number of seconds above 0") }
    }

    func run() throws {
        // First, before anything can take time: a SIGTERM or SIGINT from here on stops it cleanly
        // (the batch in hand is finished).
        let stop = StopSignal.onTermination()
        let library = try global.openForWriting()
        let config: RepositoryConfig
        do { config = try library.settings() } catch { throw KhoFailure.repository(error) }
        let settings = WatchSettings(inbox: inbox, config: config, after: after, stable: stable, poll: poll, rescan: rescan)
        let logJSON = self.logJSON || global.json
        let job = library.watcher(settings) { message in
            WatchLogLine.write(message, json: logJSON)
        }
        do { try job.run(stop: stop) } catch { throw KhoFailure.repository(error) }
        WatchLogLine.write(.notice("stopped"), json: logJSON)
    }
}

extension AfterAction: ExpressibleByArgument {}

/// The watcher's log on stderr: readable lines, or JSON lines for log collectors.
enum WatchLogLine {
    static func write(_ message: WatchMessage, json: Bool) {
        let line: String
        switch (message, json) {
        case (.file(let entry), true):
            line = encode(entry)
        case (.notice(let text), true):
            line = encode(["time": Timestamp.now(), "notice": text])
        case (.file(let e), false):
            // Names escaped: a newline in one must not forge a second log line (journald, cron mail).
            var text = "\(Output.clock(e.time))  \(Output.name(e.unit ?? "-"))  \(Output.name(e.name))  \(e.result.rawValue.uppercased())"
            if let digest = e.digest { text += "  \(digest.prefix(12))" }
            text += "  \(e.ms) ms"
            if let reason = e.reason { text += "  — \(Output.escaped(reason))" }
            if let moved = e.movedTo { text += "  → \(Output.display(moved))" }
            line = text
        case (.notice(let text), false):
            line = "\(Output.clock(Timestamp.now()))  kho watch: \(Output.escaped(text))"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
