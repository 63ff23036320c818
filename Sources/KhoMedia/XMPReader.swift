import Foundation
import KhoVocabulary

/// The simple properties of a JPEG's XMP packet (APP1 "http://ns.adobe.com/xap/1.0/"), as
/// "prefix:Name" → value: attributes (tiff:Orientation="1") and elements alike, with rdf:Alt / Seq /
/// Bag items joined. Editors such as Photoshop and Lightroom write here what EXIF may lack.
enum XMPReader {
    static let header = Array("http://ns.adobe.com/xap/1.0/\u{0}".utf8)

    static func properties(jpeg b: [UInt8]) -> [String: String] {
        guard let packet = packet(b) else { return [:] }
        let collector = Collector()
        // A packet that breaks off keeps what was read before the break.
        SafeXML.parse(packet, handler: collector)
        return collector.properties
    }

    /// XMP's "2019-07-01T09:10:11+07:00" as EXIF writes it ("2019:07:01 09:10:11") and its offset.
    static func date(_ text: String) -> (String, String?)? {
        let c = Array(text)
        guard c.count >= 19, c[4] == "-", c[7] == "-", c[10] == "T", c[13] == ":", c[16] == ":" else { return nil }
        let date = String(c[0..<4]) + ":" + String(c[5..<7]) + ":" + String(c[8..<10]) + " " + String(c[11..<19])
        let zone = String(c[19...]).drop { $0 == "." || $0.isNumber }
        return (date, zone.count == 6 ? String(zone) : zone == "Z" ? "+00:00" : nil)
    }

    /// XMP's GPS coordinate, "16,3.264N" or "16,3,15.84N", as signed decimal degrees.
    static func coordinate(_ text: String) -> Double? {
        guard let direction = text.last, "NSEW".contains(direction) else { return nil }
        let parts = text.dropLast().split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        let v = parts.map { $0! }
        let degrees = v[0] + (v.count > 1 ? v[1] / 60 : 0) + (v.count > 2 ? v[2] / 3600 : 0)
        return direction == "S" || direction == "W" ? -degrees : degrees
    }

    /// The XMP packet's bytes, found by walking the JPEG's marker segments.
    static func packet(_ b: [UInt8]) -> ArraySlice<UInt8>? {
        var found: ArraySlice<UInt8>?
        JPEGFrame.forEachSegment(b) { marker, range in
            if marker == 0xE1, range.count > header.count, b[range].starts(with: header) {
                found = b[(range.lowerBound + header.count)..<range.upperBound]
            }
            return found == nil
        }
        return found
    }

    private final class Collector: XMLEventHandler {
        var properties: [String: String] = [:]
        private var stack: [String] = []
        private var text = ""

        private static func isStructural(_ name: String) -> Bool {
            name.hasPrefix("rdf:") || name.hasPrefix("x:") || name == "xmpmeta"
        }

        func startElement(_ elementName: String, attributes: [(name: String, value: String)]) {
            for (key, value) in attributes where key.contains(":") && !key.hasPrefix("xmlns") && !Collector.isStructural(key) {
                properties[key] = value
            }
            stack.append(elementName)
            text = ""
        }

        func characters(_ string: String) { text += string }

        func endElement(_ elementName: String) {
            if !stack.isEmpty { stack.removeLast() }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            text = ""
            guard !value.isEmpty else { return }
            // The property is the nearest enclosing element that is not RDF plumbing.
            let owner = Collector.isStructural(elementName) ? stack.last(where: { !Collector.isStructural($0) }) : elementName
            guard let owner else { return }
            if let existing = properties[owner], elementName == "rdf:li" {
                properties[owner] = existing + ", " + value
            } else {
                properties[owner] = value
            }
        }
    }
}
