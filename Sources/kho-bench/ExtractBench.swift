// Extraction cost per format, on the shared corpus's files.
import Foundation
import KhoMedia

func extractBench(quick: Bool) throws {
    let sniffer = try Sniffer()
    var byType: [String: [String]] = [:]
    for folder in ["documents", "images/photos", "images/graphics", "media"] {
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus + "/" + folder) where !name.hasSuffix(".tsv") {
            let path = corpus + "/" + folder + "/" + name
            byType[sniffer.mimeType(ofFileAt: path), default: []].append(path)
        }
    }
    let rounds = quick ? 1 : 5
    print("")
    print("Extraction cost per format (corpus files, mean of \(rounds) rounds)")
    print("type                                                                      files  ms per file")
    for (mime, paths) in byType.sorted(by: { $0.key < $1.key }) {
        let heads = try paths.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0)).prefix(4 << 20)) }
        let t0 = DispatchTime.now()
        for _ in 0..<rounds {
            for (path, head) in zip(paths, heads) { _ = Extractor.extract(path: path, mime: mime, head: head) }
        }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6 / Double(rounds * paths.count)
        print(mime.padding(toLength: 73, withPad: " ", startingAt: 0) + String(format: " %-6d %.2f", paths.count, ms))
    }
}
