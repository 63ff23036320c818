import Foundation
import KhoWeb

// Started by `kho serve` (which checks the options and the repository first): kho-serve --repo PATH --listen HOST:PORT.
let arguments = Array(CommandLine.arguments.dropFirst())
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("kho-serve: " + message + "\n").utf8))
    exit(2)
}
guard arguments.count == 4, arguments[0] == "--repo", arguments[2] == "--listen",
      let colon = arguments[3].lastIndex(of: ":"), let port = Int(arguments[3][arguments[3].index(after: colon)...]) else {
    fail("start the web interface with `kho serve` (see kho serve --help)")
}
var host = String(arguments[3][..<colon])
if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
do {
    try await WebServer.run(repository: arguments[1], host: host, port: port) { address in
        // Written at once (not buffered): a test or a service manager waits for this line.
        FileHandle.standardOutput.write(Data("kho serve: the library at \(arguments[1]) is at \(address) (Ctrl-C stops)\n".utf8))
    }
} catch {
    fail("\(error)")
}
