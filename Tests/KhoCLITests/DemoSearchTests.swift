import Foundation
import KhoTestSupport
import Testing

/// Every search `make demo` shows finds something, whatever sample it runs on: the corpus beside
/// the project, or the one scripts/make-sample.sh makes on a machine without it.
@Suite("The demo's searches", .serialized)
struct DemoSearchTests: CommandLineSuite {
    let base: String
    init() throws { base = try TestSupport.scratchDirectory("kho-demo-searches") }

    /// The lines of scripts/demo-searches.txt: the words as typed in a shell.
    func searches() throws -> [String] {
        let file = TestSupport.packageRoot.appendingPathComponent("scripts/demo-searches.txt").path
        return try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { String($0.split(separator: "|")[0]) }
    }

    func runSearches(on sample: String) throws {
        #expect(try run(["init", "--repo", repo]).status == 0)
        #expect(try run(["ingest", "--repo", repo, sample, "--unit", "Demo"]).status <= 1)
        let lines = try searches()
        #expect(lines.count == 4)
        for words in lines {
            // The shell splits the words as the Makefile's does.
            let result = try TestSupport.run("/bin/bash", ["-c", "w=$1 k=$2 r=$3; eval \"set -- $w\"; exec \"$k\" search --repo \"$r\" \"$@\"", "-", words, kho, repo])
            #expect(result.status == 0, "kho search \(words) on \(sample): \(result.stdout)\(result.stderr)")
        }
    }

    @Test("on the sample make-sample.sh makes")
    func madeSample() throws {
        let sample = base + "/sample"
        let made = try TestSupport.run("/bin/bash", [TestSupport.packageRoot.appendingPathComponent("scripts/make-sample.sh").path, sample])
        try #require(made.status == 0, "\(made.stderr)")
        try runSearches(on: sample)
    }

    @Test("on the corpus's documents and photos")
    func corpus() throws {
        let sample = base + "/corpus"
        try FileManager.default.createDirectory(atPath: sample, withIntermediateDirectories: true)
        for folder in ["documents", "images/photos"] {
            try FileManager.default.copyItem(atPath: TestSupport.corpusPath(folder), toPath: sample + "/" + (folder as NSString).lastPathComponent)
        }
        try FileManager.default.removeItem(atPath: sample + "/documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf")  // OCR: slow, not needed
        try runSearches(on: sample)
    }
}
