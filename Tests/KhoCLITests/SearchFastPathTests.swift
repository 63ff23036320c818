import ArgumentParser
@testable import kho
import Testing

/// `kho search`'s fast path must read a command line exactly as ArgumentParser does, and hand
/// everything else to ArgumentParser.
@Suite("Search fast path")
struct SearchFastPathTests {
    static let plain: [[String]] = [
        ["search", "chuyen", "doi", "so"],
        ["search", "--repo", "/srv/kho", "chuyen", "doi", "so", "--json"],
        ["search", "hoi", "nghi", "-n", "3", "--unit", "VanPhong"],
        ["search", "--limit=7", "--repo=/tmp/x y", "đi từng ngõ"],
        ["search", "ke", "hoach", "--doctype", "KH", "--cites", "57-NQ/TW", "--issuer", "ban quan ly"],
        ["search", "anh", "--type", "photo", "--event", "10/10", "--topic", "chuyen doi so", "--tag", "hoi nghi 2026"],
        ["search", "--kind", "image", "--mime", "image/", "--taken-from", "2026-10-01", "--taken-to", "10/12/2026"],
        ["search", "--ingested-from", "2026-12", "--ingested-to", "2026", "bien", "ban"],
        ["search", "--cites", "57-NQ/TW"],
        ["search", "68-KH/ĐU", "chuy*", "NOT", "2025"],
    ]

    @Test("a plain command line gives the request ArgumentParser gives", arguments: plain)
    func sameAsArgumentParser(_ arguments: [String]) throws {
        let fast = try #require(SearchRequest.fastPath(arguments))
        let parsed = try SearchCommand.parse(Array(arguments.dropFirst()))
        #expect(fast == parsed.request)
    }

    @Test("help, unknown or repeated options, missing or odd values go to ArgumentParser", arguments: [
        ["search", "--help"], ["search", "-h"], ["search", "--", "-x"], ["search", "--unit"], ["search", "--unit", "--json", "x"],
        ["search", "-n", "0", "x"], ["search", "-n", "-3", "x"], ["search", "-n5", "x"], ["search", "--limit=abc", "x"],
        ["search", "--kind", "bogus", "x"], ["search", "x", "--json", "--json"], ["search", "x", "-n", "2", "--limit", "3"],
        ["search", "--taken-from", "31/02/2026", "x"], ["search"], ["search", "--json"], ["search", "x", "--json=yes"],
        ["search", "x", "--verbose"], ["search", "--unit=", "x"], ["ls", "x"], [],
    ])
    func fallsBack(_ arguments: [String]) {
        #expect(SearchRequest.fastPath(arguments) == nil)
    }

    @Test("the fast path fills every field a request has")
    func everyField() throws {
        let request = try #require(SearchRequest.fastPath(Self.plain[6] + ["--unit", "U", "--tag", "T", "--type", "photo", "--topic", "P",
            "--event", "E", "--doctype", "KH", "--issuer", "I", "--cites", "C", "--ingested-from", "2026", "--ingested-to", "2026",
            "--repo", "R", "--json", "-n", "4", "w"]))
        #expect(request == SearchRequest(words: ["w"], kind: "image", mime: "image/", unit: "U", tag: "T", type: "photo", topic: "P",
                                         event: "E", doctype: "KH", issuer: "I", cites: "C", takenFrom: "2026-10-01", takenTo: "10/12/2026",
                                         ingestedFrom: "2026", ingestedTo: "2026", limit: 4, repo: "R", json: true))
    }
}
