import Foundation
import KhoVocabulary
import ZIPFoundation

/// Text of OOXML (.docx, .pptx, .xlsx) and ODF (.odt, .odp, .ods) files: the XML parts inside the
/// zip, read with ZIPFoundation. Each part's inflated size is checked against the limits from the
/// zip's central directory before a byte is inflated, and counted again while inflating — a zip
/// bomb is refused at once and in little memory.
enum OfficeText {
    enum Refusal: Error { case tooLarge(String) }

    static func extract(path: String, mime: String, limits: ExtractionLimits) -> Extraction {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            return .failed("not a readable zip container (\(error))")
        }
        var budget = limits.maxInflatedBytes
        func read(_ name: String) throws -> Data? {
            guard let entry = archive[name] else { return nil }
            let declared = UInt64(entry.uncompressedSize)
            guard declared <= limits.maxEntryBytes, declared <= budget else {
                throw Refusal.tooLarge("archive expands beyond limit: \(name) would inflate to \(declared) bytes (limit \(min(limits.maxEntryBytes, budget)))")
            }
            var data = Data()
            data.reserveCapacity(Int(declared))
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                data.append(chunk)
                // The directory may lie; the count does not.
                if UInt64(data.count) > declared || UInt64(data.count) > budget {
                    throw Refusal.tooLarge("archive expands beyond limit: \(name) inflates past its declared size")
                }
            }
            budget -= UInt64(data.count)
            return data
        }

        var e = Extraction()
        do {
            var parts: [String] = []
            var titlePart: String?
            let isODF = mime.hasPrefix("application/vnd.oasis.opendocument.")
            if isODF {
                parts = ["content.xml"]
                titlePart = "meta.xml"
            } else if mime.hasSuffix("wordprocessingml.document") {
                parts = ["word/document.xml"]
                titlePart = "docProps/core.xml"
            } else if mime.hasSuffix("presentationml.presentation") {
                parts = numbered(archive, prefix: "ppt/slides/slide")
                e.pages = parts.count
                titlePart = "docProps/core.xml"
            } else if mime.hasSuffix("spreadsheetml.sheet") {
                parts = ["xl/sharedStrings.xml"] + numbered(archive, prefix: "xl/worksheets/sheet")
                titlePart = "docProps/core.xml"
            } else {
                return Extraction(status: .none)
            }
            var text = ""
            for part in parts {
                guard let data = try read(part) else { continue }
                // Worksheets only add inline strings; shared strings hold the rest.
                let collector = part.hasPrefix("xl/worksheets/")
                    ? XMLText(breaks: ["is"], within: ["is"])
                    : XMLText(breaks: ["p", "h", "si", "tr", "list-item"], within: isODF ? ["body"] : [])
                if !collector.parse(data) { e.warn("\(part) is not well-formed XML; kept what came before the error") }
                if !collector.text.isEmpty { text += collector.text + "\n" }
            }
            if let titlePart, let data = try read(titlePart) {
                let meta = XMLText(breaks: [], captured: ["title", "creator", "subject", "description", "keywords"], within: ["nothing"])
                _ = meta.parse(data)
                e.title = meta.captures["title"]?.trimmingCharacters(in: .whitespacesAndNewlines)
                if e.title?.isEmpty == true { e.title = nil }
                e.fact("doc.title", e.title)
                e.fact("doc.author", meta.captures["creator"])
                e.fact("doc.subject", meta.captures["subject"])
                e.fact("doc.keywords", meta.captures["keywords"])
            }
            e.setText(text.trimmingCharacters(in: .whitespacesAndNewlines), limits: limits)
            if e.text?.isEmpty ?? true { e.warn("no text found in the document") }
        } catch Refusal.tooLarge(let why) {
            return .failed(why)
        } catch {
            return .failed("cannot read the document: \(error)")
        }
        return e
    }

    /// "ppt/slides/slide1.xml", "…slide2.xml" … in numeric order.
    static func numbered(_ archive: Archive, prefix: String) -> [String] {
        archive.compactMap { entry -> (Int, String)? in
            let p = entry.path
            guard p.hasPrefix(prefix), p.hasSuffix(".xml"), let n = Int(p.dropFirst(prefix.count).dropLast(4)) else { return nil }
            return (n, p)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
