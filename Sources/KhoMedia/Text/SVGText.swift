import Foundation
import KhoVocabulary

/// An SVG's words: its <title>, <desc> and the strings it draws.
enum SVGText {
    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        guard let data = FileManager.default.contents(atPath: path) else { return .failed("cannot read the file") }
        guard data.count <= 32 << 20 else { return .failed("SVG larger than 32 MB; not parsed") }
        let collector = XMLText(breaks: ["text", "tspan", "p"], captured: ["title", "desc"], within: ["text"])
        var e = Extraction()
        if !collector.parse(data) { e.warn("the SVG is not well-formed XML; what came before the error was kept") }
        e.title = collector.captures["title"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = [collector.captures["desc"], collector.text].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }.joined(separator: "\n")
        e.setText(body, limits: limits)
        e.fact("svg.title", e.title)
        e.fact("svg.description", collector.captures["desc"])
        return e
    }
}
