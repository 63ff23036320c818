import Foundation
import KhoTestSupport
import Testing

/// `kho user` (the accounts of kho serve) and `kho serve`'s own checks before it starts.
@Suite("kho user and kho serve")
struct UserCLITests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-user-cli") }

    @Test("add, list, refuse what cannot be, change a password, disable and enable")
    func accounts() throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        let added = try run(["user", "add", "lan", "--role", "admin", "--password-stdin", "--repo", repo], input: "mật khẩu đủ dài 2026\n")
        #expect(added.status == 0)
        #expect(added.stdout == "Added lan (admin)\n")
        #expect(try run(["user", "add", "hoa", "--role", "editor", "--unit", "VanPhong", "--unit", "BanBien", "--password-stdin", "--repo", repo],
                        input: "another long one\r\n").stdout == "Added hoa (editor, units: BanBien, VanPhong)\n")

        let taken = try run(["user", "add", "LAN", "--role", "viewer", "--password-stdin", "--repo", repo], input: "mật khẩu đủ dài 2026\n")
        #expect(taken.status == 1)
        #expect(taken.stderr == "kho: an account named \"LAN\" already exists (names are compared without regard to case)\n")
        let short = try run(["user", "add", "minh", "--role", "viewer", "--password-stdin", "--repo", repo], input: "short\n")
        #expect(short.status == 1)
        #expect(short.stderr == "kho: a password needs at least 10 characters (a short sentence is easy to remember and hard to guess)\n")
        let unitless = try run(["user", "add", "minh", "--role", "editor", "--password-stdin", "--repo", repo], input: "long enough password\n")
        #expect(unitless.status == 1)
        #expect(unitless.stderr == "kho: an editor edits in one or more units: add --unit UNIT (an admin edits everywhere)\n")
        let badRole = try run(["user", "add", "minh", "--role", "boss", "--password-stdin", "--repo", repo], input: "long enough password\n")
        #expect(badRole.status == 2)
        let nothing = try run(["user", "add", "minh", "--role", "viewer", "--password-stdin", "--repo", repo], input: "")
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no password on standard input (give one line)"))

        #expect(try run(["user", "disable", "hoa", "--repo", repo]).stdout == "hoa can no longer sign in.\n")
        let list = try run(["user", "list", "--repo", repo]).stdout.split(separator: "\n").map(String.init)
        #expect(list.count == 2)
        #expect(list[0].hasPrefix("hoa                  editor   units: BanBien, VanPhong  DISABLED since "))
        #expect(list[1] == "lan                  admin  ")
        #expect(try run(["user", "enable", "hoa", "--repo", repo]).status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try run(["user", "list", "--json", "--repo", repo]).stdout.utf8)) as? [[String: Any]])
        #expect(json.map { $0["name"] as? String } == ["hoa", "lan"])
        #expect(json.map { $0["role"] as? String } == ["editor", "admin"])
        #expect(json[0]["units"] as? [String] == ["BanBien", "VanPhong"])
        #expect(json.allSatisfy { $0["password_hash"] == nil && $0["passwordHash"] == nil })

        #expect(try run(["user", "passwd", "lan", "--password-stdin", "--repo", repo], input: "a new long password\n").stdout == "Password of lan changed.\n")
        let missing = try run(["user", "passwd", "nobody", "--password-stdin", "--repo", repo], input: "a new long password\n")
        #expect(missing.status == 1)
        #expect(missing.stderr == "kho: no account named \"nobody\"; `kho user list` shows them\n")
        // The catalogue keeps bcrypt hashes, never the password.
        let catalogue = try Data(contentsOf: URL(fileURLWithPath: repo + "/catalogue.sqlite"))
        #expect(catalogue.range(of: Data("a new long password".utf8)) == nil)
    }

    @Test("kho serve checks its options and the repository before it starts")
    func serveChecks() throws {
        let noRepo = try run(["serve", "--repo", base + "/none"])
        #expect(noRepo.status == 2)
        #expect(noRepo.stderr.contains("no kho repository at \(base)/none"))
        let badListen = try run(["serve", "--repo", repo, "--listen", "8080"])
        #expect(badListen.status == 2)
        #expect(badListen.stderr.contains("--listen wants ADDRESS:PORT, such as 127.0.0.1:8080 (got \"8080\")"))
    }
}
