import ArgumentParser
import Foundation
import KhoKit

/// `kho serve`: starts kho-serve, the web interface, which lives in a binary of its own so that
/// its HTTP libraries do not slow every other command's start (as git runs git-<command>).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The library in a browser: search, previews, item pages, downloads (Vietnamese first).",
        discussion: """
        Listens on 127.0.0.1:8080 unless told otherwise; nothing is visible without
        signing in (accounts: kho user add). To reach it from other machines, put a
        TLS proxy in front (contrib/nginx-kho.conf) rather than listening on 0.0.0.0.

          kho user add admin --role admin
          kho serve                              then open http://127.0.0.1:8080
          kho serve --listen 127.0.0.1:9000
        Stop it with Ctrl-C (or systemctl stop kho-serve: contrib/kho-serve.service).
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("Address and port to listen on.", valueName: "address:port"))
    var listen = "127.0.0.1:8080"

    func validate() throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port),
              colon != listen.startIndex else {
            throw ValidationError("--listen wants ADDRESS:PORT, such as 127.0.0.1:8080 (got \"\(listen)\")")
        }
    }

    func run() throws {
        _ = try global.openForReading()  // a missing repository or an old catalogue is said here, plainly
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let server = URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("kho-serve").path
        guard FileManager.default.isExecutableFile(atPath: server) else {
            Output.error("the web server (kho-serve) is not installed beside kho (looked for \(server)); build it with `make build`")
            throw ExitCode(2)
        }
        let arguments = [server, "--repo", global.repositoryPath, "--listen", listen]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        execv(server, &argv)
        Output.error("could not start \(server): \(String(cString: strerror(errno)))")
        throw ExitCode(2)
    }
}
