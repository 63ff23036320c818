import KhoVocabulary
import Foundation
import KhoTestSupport
import Testing
@testable import KhoMedia

/// Untrusted XML never takes the process down, and never reaches outside the document.
@Suite("Untrusted XML")
struct SafeXMLTests {
    final class Recorder: XMLEventHandler {
        var events: [String] = []
        func startElement(_ name: String, attributes: [(name: String, value: String)]) {
            events.append("<" + name + attributes.map { " \($0.name)=\($0.value)" }.joined() + ">")
        }
        func endElement(_ name: String) { events.append("</" + name + ">") }
        /// libxml2 may hand one run of text over in pieces: pieces are joined here.
        func characters(_ text: String) {
            if let last = events.last, !last.hasPrefix("<") { events[events.count - 1] = last + text } else { events.append(text) }
        }
    }

    func parse(_ xml: String) -> (Bool, [String]) {
        let recorder = Recorder()
        let ok = SafeXML.parse(Array(xml.utf8), handler: recorder)
        return (ok, recorder.events)
    }

    @Test("the three crasher photos extract in-process, their readable facts kept")
    func crashers() throws {
        let files = try TestSupport.crashers()
        #expect(files.map { ($0 as NSString).lastPathComponent } == ["xmp-flipped-bytes.jpg", "xmp-inserted-bytes-1.jpg", "xmp-inserted-bytes-2.jpg"])
        let sniffer = try Sniffer()
        for path in files {
            let head = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let e = Extractor.extract(path: path, mime: sniffer.mimeType(ofFileAt: path), head: head)
            #expect(e.status != .failed, "\(path): \(e.notes)")
        }
        // Its packet breaks off at a flipped byte (invalid UTF-8 in the rdf namespace, before any
        // property): no XMP, and the camera facts come from EXIF as ever.
        let flipped = Array(try Data(contentsOf: URL(fileURLWithPath: files[0])))
        #expect(XMPReader.properties(jpeg: flipped) == [:])
        let e = Extractor.extract(path: files[0], mime: "image/jpeg", head: flipped)
        #expect(e.facts.first { $0.key == "exif.model" }?.value == "Canon DIGITAL IXUS 400")
    }

    @Test("an XMP packet cut short keeps the properties before the cut")
    func truncatedPacket() {
        let packet = "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>"
            + "<rdf:Description xmlns:tiff='http://ns.adobe.com/tiff/1.0/' tiff:Make='Canon'><tiff:Model>IXUS</tiff:Model><tiff:Orien"
        let body = Array(XMPReader.header) + Array(packet.utf8)
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, UInt8((body.count + 2) >> 8), UInt8((body.count + 2) & 0xFF)] + body + [0xFF, 0xD9]
        #expect(XMPReader.properties(jpeg: jpeg) == ["tiff:Make": "Canon", "tiff:Model": "IXUS"])
    }

    @Test("names are qualified as written; text, CDATA and the five entities come through")
    func events() {
        let (ok, events) = parse(#"<x:a xmlns:x="urn:x" xmlns:dc="urn:dc" dc:k="v&amp;w"><dc:t>Hà &lt;Nội&gt;</dc:t><![CDATA[<b>]]></x:a>"#)
        #expect(ok)
        #expect(events == ["<x:a dc:k=v&w>", "<dc:t>", "Hà <Nội>", "</dc:t>", "<b>", "</x:a>"])
    }

    @Test("malformed input is an error, not a trap; what came before stays")
    func malformed() {
        let (ok, events) = parse("<a><b>one</b><c>two</a>")
        #expect(!ok)
        #expect(events.prefix(6) == ["<a>", "<b>", "one", "</b>", "<c>", "two"])
        #expect(!parse("").0)
        #expect(!parse("\u{0}\u{1}\u{2}<<<").0)
        let bytes: [UInt8] = Array("<a>".utf8) + [0xC3, 0x28, 0xFF, 0xFE] + Array("</a>".utf8)
        #expect(!SafeXML.parse(bytes, handler: Recorder()))
    }

    @Test("external entities and entity expansion are never followed")
    func entities() throws {
        let secret = try TestSupport.scratchDirectory("xml") + "/secret.txt"
        try "TOP-SECRET".write(toFile: secret, atomically: true, encoding: .utf8)
        let external = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY s SYSTEM \"file://\(secret)\">]><a>&s;</a>"
        #expect(!parse(external).1.joined().contains("TOP-SECRET"))
        var laughs = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY l0 \"ha\">"
        for i in 1...9 { laughs += "<!ENTITY l\(i) \"" + String(repeating: "&l\(i - 1);", count: 10) + "\">" }
        laughs += "]><a>&l9;</a>"
        #expect(parse(laughs).1.joined().count < 1000)
    }
}
