import ArgumentParser
import Foundation
import KhoKit

extension Role: ExpressibleByArgument {}

/// `kho user`: the accounts of `kho serve`.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Accounts for the web interface (kho serve): add, list, change, disable.",
        discussion: """
        Roles: viewer (search, look, download), editor (also upload and edit in
        the units given with --unit), admin (everything: accounts, audits).
        Passwords are kept only as bcrypt hashes; kho never prints one.

          kho user add lan --role editor --unit VanPhong     asks for the password twice
          echo "$PW" | kho user add bot --role viewer --password-stdin
          kho user list
          kho user passwd lan
          kho user disable lan                              signs her out everywhere
          kho user reset-2fa lan                            a lost phone: she adds a new one at sign-in
        """,
        subcommands: [Add.self, List.self, Passwd.self, Disable.self, Enable.self, ResetSecondFactor.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The name to sign in with.") var name: String
        @Option(help: "viewer, editor or admin.") var role: Role
        @Option(help: ArgumentHelp("A unit an editor works in (repeat for several).", valueName: "unit")) var unit: [String] = []
        @Flag(help: "Read the password from standard input (one line) instead of asking.") var passwordStdin = false

        func run() throws {
            let password = try Password.read(fromStdin: passwordStdin, confirm: true)
            let library = try global.openForWriting(changingStore: false)
            let account = try Password.failing { try library.addUser(name: name, role: role, units: unit, password: password) }
            if global.json { Output.json(account); return }
            print("Added \(account.name) (\(account.role.rawValue)" + (account.units.isEmpty ? "" : ", units: " + account.units.joined(separator: ", ")) + ")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let users = try global.openForReading().users()
            if global.json { Output.json(users); return }
            if users.isEmpty { print("No accounts yet: add one with `kho user add NAME --role admin`."); return }
            for u in users {
                var line = Output.pad(Output.name(u.name), 20) + " " + Output.pad(u.role.rawValue, 7)
                if !u.units.isEmpty { line += "  units: " + u.units.joined(separator: ", ") }
                if u.hasSecondFactor { line += "  (second factor)" }
                if let since = u.disabledAt { line += "  DISABLED since " + Output.clock(since) }
                print(line)
            }
        }
    }

    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password for an account.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        @Flag(help: "Read the password from standard input (one line) instead of asking.") var passwordStdin = false

        func run() throws {
            let password = try Password.read(fromStdin: passwordStdin, confirm: true)
            try UserCommand.change(global, said: "Password of \(Output.name(name)) changed.") { try $0.changePassword(name: name, to: password) }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an account from signing in (its sessions end now).")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        func run() throws {
            try UserCommand.change(global, said: "\(Output.name(name)) can no longer sign in.") { try $0.setUserDisabled(name: name, true) }
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled account sign in again.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        func run() throws {
            try UserCommand.change(global, said: "\(Output.name(name)) can sign in again.") { try $0.setUserDisabled(name: name, false) }
        }
    }
}

extension UserCommand {
    /// One change to one account: made, then said (not with --json); an account problem exits 1.
    static func change(_ global: GlobalOptions, said: String, _ body: (LibraryWriter) throws -> Void) throws {
        try Password.failing { try body(try global.openForWriting(changingStore: false)) }
        if !global.json { print(said) }
    }

    struct ResetSecondFactor: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-2fa",
                                                        abstract: "Take an account's second factor away (a lost phone); it adds a new one on kho serve.")
        @OptionGroup var global: GlobalOptions
        @Argument var name: String
        func run() throws {
            try UserCommand.change(global, said: "\(Output.name(name)) signs in without a second factor until a new one is added.") {
                try $0.removeSecondFactor(name: name)
            }
        }
    }
}

/// Reading a password without echoing it, or from standard input for scripts.
enum Password {
    static func read(fromStdin: Bool, confirm: Bool) throws -> String {
        if fromStdin || isatty(0) == 0 {
            guard let line = readLine(strippingNewline: true) else {
                throw ValidationError("no password on standard input (give one line)")
            }
            return line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        let first = prompt("Password: ")
        if confirm, prompt("Again: ") != first { throw ValidationError("the two passwords differ; nothing was changed") }
        return first
    }

    private static func prompt(_ text: String) -> String {
        guard let raw = getpass(text) else { return "" }
        return String(cString: raw)
    }

    /// An account problem is the person's to fix: its message, exit 1.
    @discardableResult
    static func failing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let failure as AccountFailure {
            Output.error(failure.description)
            throw ExitCode(1)
        }
    }
}
