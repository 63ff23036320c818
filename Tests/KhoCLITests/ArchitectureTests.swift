import Foundation
import KhoTestSupport
import Testing

/// The layering docs/architecture.md describes, checked on the sources themselves (the compiler
/// holds the imports with MemberImportVisibility; these hold what it cannot see).
@Suite("Architecture")
struct ArchitectureTests {
    static let sources = TestSupport.packageRoot.appendingPathComponent("Sources").path

    static func swiftFiles(under folder: String) -> [String] {
        TestSupport.regularFiles(under: sources + "/" + folder).filter { $0.hasSuffix(".swift") }.sorted()
    }

    static func lines(_ path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test("kho imports only KhoKit (with ArgumentParser and Foundation) and goes through Library, never a job, store or catalogue")
    func frontEndUsesTheFacade() throws {
        let (imports, trespasses) = try Self.facadeUse(Self.swiftFiles(under: "kho"), expectedCount: 28)
        #expect(imports == ["ArgumentParser", "Foundation", "KhoKit"])
        #expect(trespasses == [])
    }

    @Test("kho serve (KhoWeb) imports KhoKit and its HTTP libraries only, and goes through Library like kho")
    func webUsesTheFacade() throws {
        let files = Self.swiftFiles(under: "KhoWeb") + Self.swiftFiles(under: "kho-serve")
        let (imports, trespasses) = try Self.facadeUse(files, expectedCount: 23)
        #expect(imports == ["Foundation", "HTTPTypes", "Hummingbird", "HummingbirdOTP", "KhoKit", "KhoWeb", "Logging", "Mustache", "MultipartKit", "NIOCore", "NIOPosix", "TOMLKit", "UnixSignals"])
        #expect(trespasses == [])
    }

    /// The modules `files` import, and where they name a layer below the facade.
    static func facadeUse(_ files: [String], expectedCount: Int) throws -> (Set<String>, [String]) {
        var imports = Set<String>(), trespasses: [String] = []
        // Type names in code (string literals dropped: "Repository  …" is something kho prints).
        let forbidden = #"\b(Repository|Catalogue|ObjectStore)\b|\b([A-Z]\w*Job|GarbageCollection)\("#
        #expect(files.count == expectedCount)
        for file in files {
            for (n, line) in try Self.lines(file).enumerated() {
                if line.hasPrefix("import ") { imports.insert(String(line.dropFirst(7))) }
                let code = String(line).replacingOccurrences(of: #""([^"\\]|\\.)*""#, with: "\"\"", options: .regularExpression)
                if let found = code.range(of: forbidden, options: .regularExpression) {
                    trespasses.append("\((file as NSString).lastPathComponent):\(n + 1): \(code[found])")
                }
            }
        }
        return (imports, trespasses)
    }

    @Test("SQL is written in KhoCatalogue only")
    func sqlStaysInTheCatalogue() throws {
        var found: [String] = []
        for folder in ["KhoVocabulary", "KhoStore", "KhoMedia", "KhoKit", "kho", "kho-bench", "KhoWeb", "kho-serve"] {
            for file in Self.swiftFiles(under: folder) {
                for (n, line) in try Self.lines(file).enumerated()
                where line.range(of: #"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b"#, options: .regularExpression) != nil
                    || line.contains("import GRDB") {
                    found.append("\(folder)/\((file as NSString).lastPathComponent):\(n + 1)")
                }
            }
        }
        #expect(found == [])
    }

    @Test("every source file stays about one thing: at most 360 lines")
    func filesStaySmall() throws {
        var long: [String] = []
        for file in TestSupport.regularFiles(under: Self.sources) where file.hasSuffix(".swift") {
            let count = try Self.lines(file).count - 1
            if count > 360 { long.append("\(file.dropFirst(Self.sources.count + 1)): \(count) lines") }
        }
        #expect(long == [])
    }
}
