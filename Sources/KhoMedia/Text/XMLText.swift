import Foundation
import KhoVocabulary

/// Collects the character data of an XML document (through `SafeXML`), with line breaks at
/// paragraph-like elements. External entities are never resolved.
final class XMLText: XMLEventHandler {
    /// Local names that end a paragraph or a cell.
    private let breaks: Set<String>
    /// Local names whose text is collected separately (title, desc …), by name.
    private let captured: Set<String>
    /// Only text inside one of these elements counts (empty: all text counts).
    private let within: Set<String>
    private(set) var text = ""
    private(set) var captures: [String: String] = [:]
    private var stack: [String] = []
    private var depthWithin = 0

    init(breaks: Set<String>, captured: Set<String> = [], within: Set<String> = []) {
        self.breaks = breaks
        self.captured = captured
        self.within = within
    }

    static func localName(_ qName: String) -> String {
        qName.split(separator: ":").last.map(String.init) ?? qName
    }

    /// Parses `data`; returns false when it is not well-formed XML (the text up to the error stays).
    func parse(_ data: Data) -> Bool {
        SafeXML.parse(data, handler: self)
    }

    func startElement(_ elementName: String, attributes: [(name: String, value: String)]) {
        let name = XMLText.localName(elementName)
        stack.append(name)
        if within.contains(name) { depthWithin += 1 }
        switch name {
        case "tab": text += "\t"
        case "s": text += " "  // ODF's run of spaces
        case "br", "line-break", "cr": text += "\n"
        default: break
        }
    }

    func endElement(_ elementName: String) {
        let name = XMLText.localName(elementName)
        if within.contains(name) { depthWithin -= 1 }
        if breaks.contains(name), !text.hasSuffix("\n") { text += "\n" }
        if !stack.isEmpty { stack.removeLast() }
    }

    func characters(_ string: String) {
        if let current = stack.last, captured.contains(current) {
            captures[current, default: ""] += string
            return
        }
        if within.isEmpty || depthWithin > 0 { text += string }
    }
}
