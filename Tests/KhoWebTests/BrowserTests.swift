import Foundation
import KhoKit
import KhoKitTestSupport
import KhoTestSupport
@testable import KhoWeb
import Testing

/// kho serve in a real browser: Debian's chromium, driven by selenium (Tests/browser/walk.py), signs
/// in, searches typed without diacritics, clicks a facet, opens an item and signs out; screenshots
/// land in .build/screenshots/. Every value it saw is held to what the library says.
@Suite("kho serve in a browser")
struct BrowserTests {
    static let python = TestSupport.packageRoot.appendingPathComponent(".build/test-venv/bin/python3").path
    static let screenshots = TestSupport.packageRoot.appendingPathComponent(".build/screenshots").path

    @Test("sign in, search without diacritics, a facet, an item, an upload, sign out — no console error, no broken image")
    func walk() throws {
        // A library of its own: the upload changes what the HTTP tests count.
        let s = try ServedLibrary("serve-browser", corpus: ServeHTTPTests.corpus)
        #expect(FileManager.default.isExecutableFile(atPath: Self.python), "make test installs selenium into .build/test-venv")
        // What the library says, asked before the walk's upload changes the counts that ranking uses.
        let found = try s.library.search("chuyen doi so", filters: SearchFilters())

        // The first value of the content-type facet: the commonest type among the matches.
        let types = try s.library.facets(of: found, words: "chuyen doi so", filters: SearchFilters())["type"]!
        let top = types.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first!.key
        var narrowed = SearchFilters()
        narrowed.contentType = top
        let facetHits = try s.library.search("chuyen doi so", filters: narrowed).hits
        let upload = try UploadHTTPTests.madeJPEG()
        let uploadDigest = try TestSupport.sha256sum(upload)
        let run = try TestSupport.run(Self.python, [TestSupport.packageRoot.appendingPathComponent("Tests/browser/walk.py").path,
                                                    "--url", "http://127.0.0.1:\(s.port)", "--name", "lan", "--password", ServedLibrary.password,
                                                    "--query", "chuyen doi so", "--facet", "type", "--upload", upload,
                                                    "--screenshots", Self.screenshots])
        #expect(run.status == 0, "\(run.stderr)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)\n\(run.stderr)")
        #expect(seen["console_errors"] as? [String] == [])
        #expect(seen["broken_images"] as? [String] == [])
        #expect(seen["signin_path"] as? String == "/signin?back=%2F")
        #expect(seen["signin_heading"] as? String == "Đăng nhập")
        #expect(seen["start_summary"] as? String == "Kho có 21 mục")
        #expect(seen["search_path"] as? String == "/?q=chuyen+doi+so")
        #expect(seen["search_summary"] as? String == "\(found.matched) kết quả")
        #expect(seen["search_items"] as? [String] == found.hits.prefix(24).map(\.object.digest))


        let label = Strings.of(.vi)["type_" + top]
        #expect(seen["facet_clicked"] as? String == label)
        #expect(seen["facet_path"] as? String == "/?q=chuyen%20doi%20so&type=\(top)")
        #expect(seen["facet_chip"] as? String == "Loại nội dung: \(label) ✕")
        #expect(seen["facet_items"] as? [String] == facetHits.map(\.object.digest))

        let first = facetHits[0]
        #expect(seen["item_path"] as? String == "/item/\(first.object.digest)")
        #expect(seen["item_heading"] as? String == first.object.title ?? first.name)
        #expect(seen["item_download"] as? String == "/download/\(first.object.digest)")
        #expect(seen["upload_unit"] as? String == "VanPhong")
        #expect(seen["upload_summary"] as? String == "Vào đơn vị VanPhong: 1 tệp mới, 0 tệp đã có trong kho, 0 tệp bị từ chối.")
        #expect(seen["upload_item"] as? String == uploadDigest)
        #expect(try s.library.object(digest: Digest(hex: uploadDigest)!) != nil)
        #expect(seen["signed_out_path"] as? String == "/signin")
        #expect(seen["after_sign_out_path"] as? String == "/signin?back=%2F")
        for shot in ["1-sign-in", "2-start", "3-search", "4-facet", "5-item", "6-uploaded", "7-signed-out"] {
            #expect(FileManager.default.fileExists(atPath: Self.screenshots + "/\(shot).png"), "\(shot)")
        }
    }

    @Test("the Vietnamese and English catalogues have the same keys, and no value is empty")
    func catalogues() {
        let vi = Strings.of(.vi).table, en = Strings.of(.en).table
        #expect(Set(vi.keys) == Set(en.keys))
        #expect(vi.count == 164)
        #expect(vi.filter { $0.value.isEmpty }.isEmpty && en.filter { $0.value.isEmpty }.isEmpty)
        #expect(Strings.of(.vi).number(1234567) == "1.234.567")
        #expect(Strings.of(.en).number(1234567) == "1,234,567")
    }
}
