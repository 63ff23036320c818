// Extraction cost per format, on the shared corpus's files.
import KhoVocabulary
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
    // A scanned PDF is read by OCR, seconds a page: timed in its own row, not averaged into PDFs.
    var rows: [String: (files: Int, ms: Double)] = [:]
    for (mime, paths) in byType {
        for path in paths {
            let head = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4 << 20))
            var label = mime
            let t0 = DispatchTime.now()
            for _ in 0..<rounds {
                if Extractor.extract(path: path, mime: mime, head: head).textOrigin == .ocr { label = mime + " (scan, OCR)" }
            }
            let ms = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6 / Double(rounds)
            rows[label, default: (0, 0)].files += 1
            rows[label, default: (0, 0)].ms += ms
        }
    }
    print("")
    print("Extraction cost per format (corpus files, mean of \(rounds) rounds)")
    print("type                                                                      files  ms per file")
    for (label, row) in rows.sorted(by: { $0.key < $1.key }) {
        print(label.padding(toLength: 73, withPad: " ", startingAt: 0) + String(format: " %-6d %.2f", row.files, row.ms / Double(row.files)))
    }
}
