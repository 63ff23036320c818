import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport

/// A library with corpus files ingested and previewed, three accounts, and `kho serve` running on
/// it on a free port — the real binary, over real HTTP.
final class ServedLibrary: @unchecked Sendable {
    let root: String
    let port: Int
    let process: Process
    let library: LibraryWriter
    static let password = "mật khẩu đủ dài 2026"

    /// `serve`: kho.toml's [serve] keys set to true before the server starts.
    init(_ label: String, corpus: [String], serve: [String] = []) throws {
        let ingested = try IngestedRepository(label, corpus: corpus, unit: "VanPhong", ocr: false)
        root = ingested.repository.root
        var settings = try String(contentsOfFile: root + "/kho.toml", encoding: .utf8)
        for key in serve { settings = settings.replacingOccurrences(of: "\n\(key) = false\n", with: "\n\(key) = true\n") }
        try settings.write(toFile: root + "/kho.toml", atomically: true, encoding: .utf8)
        library = try Library.openForWriting(at: root)
        _ = try library.makePreviews(all: false)
        try library.addUser(name: "lan", role: .admin, units: [], password: Self.password)
        try library.addUser(name: "minh", role: .viewer, units: [], password: Self.password)
        try library.addUser(name: "hoa", role: .editor, units: ["VanPhong"], password: Self.password)
        (process, port) = try Self.start(root: root)
    }

    deinit { _ = TestSupport.stop(process) }

    static var kho: String { TestSupport.productsDirectory.appendingPathComponent("kho").path }

    /// Starts `kho serve --listen 127.0.0.1:0` and reads the address it printed.
    static func start(root: String) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kho)
        process.arguments = ["serve", "--repo", root, "--listen", "127.0.0.1:0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var printed = ""
        while !printed.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            printed += String(decoding: data, as: UTF8.self)
        }
        guard let range = printed.range(of: #"http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
              let port = Int(printed[range].split(separator: ":").last!) else {
            process.terminate()
            throw ServeFailure(description: "kho serve did not say where it listens: \(printed)")
        }
        // The rest of its output is not read: keep the pipe from filling.
        out.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        return (process, port)
    }

    struct ServeFailure: Error, CustomStringConvertible { let description: String }

    func get(_ target: String, as session: String? = nil, headers: [String: String] = [:]) throws -> RawHTTP.Reply {
        try RawHTTP.send(port: port, target, cookies: session.map { ["kho_session": $0] } ?? [:], headers: headers)
    }

    func post(_ target: String, as session: String?, form: [String: String]) throws -> RawHTTP.Reply {
        try RawHTTP.send(port: port, method: "POST", target, cookies: session.map { ["kho_session": $0] } ?? [:], form: form)
    }

    /// Signs in through the page, as a browser does; returns the session cookie (nil: refused) and the reply.
    func signIn(_ name: String, password: String = ServedLibrary.password) throws -> (session: String?, reply: RawHTTP.Reply) {
        let page = try get("/signin")
        let token = page.cookie("kho_signin")!
        let reply = try RawHTTP.send(port: port, method: "POST", "/signin", cookies: ["kho_signin": token],
                                     form: ["csrf": token, "name": name, "password": password, "back": "/"])
        return (reply.cookie("kho_session"), reply)
    }

    /// The CSRF token a signed-in page carries in its forms.
    func csrf(_ session: String) throws -> String {
        let page = try get("/", as: session).text
        let marker = "name=\"csrf\" value=\""
        let start = page.range(of: marker)!.upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }
}
