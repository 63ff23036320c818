import Foundation
import Glibc

/// A bare HTTP/1.1 client over a socket, for tests of `kho serve`: it sends the request line
/// exactly as given (URL clients tidy `../` and encoded slashes away, which is what the path
/// tests must not do), one request per connection, and reads until the server closes.
public enum RawHTTP {
    public struct Reply: Sendable {
        public var status: Int
        /// Header names in lower case; repeated headers (Set-Cookie) joined by "\n".
        public var headers: [String: String]
        public var body: [UInt8]
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The value a Set-Cookie header gives `name`, if any.
        public func cookie(_ name: String) -> String? {
            for line in (headers["set-cookie"] ?? "").split(separator: "\n") {
                let pair = line.split(separator: ";")[0]
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
            return nil
        }
    }

    public enum Failure: Error { case connect(Int32), malformed(String) }

    /// `target`: the request target as sent ("/item/abc?x=1", "/%2e%2e/x"). `cookies`: name → value.
    public static func send(port: Int, method: String = "GET", _ target: String, cookies: [String: String] = [:],
                            form: [String: String]? = nil, headers extra: [String: String] = [:]) throws -> Reply {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if !cookies.isEmpty { head += "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n" }
        for (k, v) in extra { head += "\(k): \(v)\r\n" }
        var body = Data()
        if let form {
            body = Data(formEncoded(form).utf8)
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.count)\r\n"
        } else if method == "POST" {
            head += "Content-Length: 0\r\n"
        }
        let raw = try exchange(port: port, Data((head + "\r\n").utf8) + body)
        return try parse(raw, headRequest: method == "HEAD")
    }

    /// A multipart/form-data POST: `fields` first (in order), then `files` as (field, file name, bytes).
    public static func upload(port: Int, _ target: String, cookies: [String: String], fields: [(String, String)],
                              files: [(field: String, name: String, bytes: [UInt8])]) throws -> Reply {
        let boundary = "kho-test-\(UInt64.random(in: 0...UInt64.max))"
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            body += Data(file.bytes) + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        var head = "POST \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        head += "Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") + "\r\n"
        head += "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.count)\r\n\r\n"
        return try parse(try exchange(port: port, Data(head.utf8) + body), headRequest: false)
    }

    public static func formEncoded(_ form: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return form.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    static func exchange(port: Int, _ request: Data) throws -> [UInt8] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.connect(errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure.connect(errno) }
        _ = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func parse(_ raw: [UInt8], headRequest: Bool) throws -> Reply {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = (0..<max(0, raw.count - 3)).first(where: { Array(raw[$0..<$0 + 4]) == separator }) else {
            throw Failure.malformed(String(decoding: raw.prefix(200), as: UTF8.self))
        }
        let lines = String(decoding: raw[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure.malformed(lines[0]) }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased(), value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { $0 + "\n" + value } ?? value
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Reply(status: status, headers: headers, body: headRequest ? [] : body)
    }

    /// The body of a chunked reply (as far as it came: a reply cut short keeps what arrived).
    static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < data.count {
            guard let lineEnd = (i..<data.count - 1).first(where: { data[$0] == 13 && data[$0 + 1] == 10 }),
                  let size = Int(String(decoding: data[i..<lineEnd], as: UTF8.self).split(separator: ";")[0], radix: 16) else { break }
            if size == 0 { break }
            let start = lineEnd + 2
            out += data[start..<min(start + size, data.count)]
            i = start + size + 2
        }
        return out
    }
}
