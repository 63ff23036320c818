import Foundation
import KhoKit

/// Printing for people and for scripts.
enum Output {
    static func json<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("kho: " + message + "\n").utf8))
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// A path as a person in this folder would type it, quoted and escaped when it holds control
    /// characters (as git shows unusual paths): a name with a newline must not forge a second
    /// output or log line, nor one with an escape sequence recolour the terminal.
    static func display(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if path.hasPrefix(cwd + "/") { return name(String(path.dropFirst(cwd.count + 1))) }
        return name(path)
    }

    /// A name shown to a person: itself, or "quoted\twith escapes" when it holds control characters.
    static func name(_ text: String) -> String {
        let shown = escaped(text)
        return shown == text ? text : "\"" + shown + "\""
    }

    /// Control characters (C0, DEL, C1) written as \n, \t, \r or \ooo; `keeping` are left as they are.
    static func escaped(_ text: String, keeping: [String] = []) -> String {
        let kept = Set(keeping.flatMap(\.unicodeScalars))
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let byte = RawPath.strayByte(scalar) {
                // A byte of a name that is not UTF-8, shown as such.
                out.append(contentsOf: ("\\x" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)).unicodeScalars)
                continue
            }
            let v = scalar.value
            guard v < 0x20 || v == 0x7F || (0x80..<0xA0).contains(v), !kept.contains(scalar) else { out.append(scalar); continue }
            let escape: String
            switch v {
            case 0x0A: escape = "\\n"
            case 0x09: escape = "\\t"
            case 0x0D: escape = "\\r"
            default: escape = "\\" + String(v, radix: 8).leftPadded(to: 3)
            }
            out.append(contentsOf: escape.unicodeScalars)
        }
        return String(out)
    }

    static var stdoutIsTerminal: Bool { isatty(1) == 1 }

    /// 1185 → "1,185".
    static func count(_ n: Int) -> String { NumberText.grouped(n) }

    /// An estimate kept to two significant figures (45,321 → 45,000), so it does not look exact.
    static func roughly(_ n: Int) -> Int {
        var unit = 1
        while n / unit >= 100 { unit *= 10 }
        return (n + unit / 2) / unit * unit
    }

    /// The local day of a catalogue time, dd/mm/yyyy.
    static func localDay(_ timestamp: String) -> String { Timestamp.localDay(timestamp) }

    /// A date as recorded (a camera's own clock, no zone), dd/mm/yyyy.
    static func day(_ recorded: String) -> String {
        let parts = recorded.prefix(10).split(separator: "-")
        guard parts.count == 3 else { return String(recorded.prefix(10)) }
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// "1.5 MB", decimal units as file managers show them.
    static func bytes(_ n: Int64) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(n)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        return unit == 0 ? "\(n) bytes" : String(format: value < 10 ? "%.2f %@" : "%.1f %@", value, units[unit])
    }

    static func pad(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// "2026-11-23T13:30:15.123Z" → "23/11/2026 20:30:15" (local time).
    static func clock(_ timestamp: String) -> String { Timestamp.localClock(timestamp) }
}

/// A one-line status on a terminal, redrawn at most ten times a second; silent otherwise.
final class ProgressLine {
    private let enabled = Output.stderrIsTerminal
    private var last = ContinuousClock.now - .seconds(1)
    private var shown = false

    func update(_ text: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard force || now - last >= .milliseconds(100) else { return }
        last = now
        shown = true
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text()).utf8))
    }

    /// Runs a job that reports progress here; the line is cleared however it ends, and a failure
    /// becomes the repository error (exit 2).
    static func running<T>(_ job: (ProgressLine) throws -> T) throws -> T {
        let line = ProgressLine()
        defer { line.clear() }
        do { return try job(line) } catch { throw KhoFailure.repository(error) }
    }

    func clear() {
        guard enabled, shown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        shown = false
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
