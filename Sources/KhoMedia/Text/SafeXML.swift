internal import CXML
import Foundation
import Glibc
import KhoVocabulary

/// What `SafeXML.parse` reports, in document order. Names are qualified as written ("dc:title").
protocol XMLEventHandler: AnyObject {
    func startElement(_ name: String, attributes: [(name: String, value: String)])
    func endElement(_ name: String)
    func characters(_ text: String)
}

/// Parses XML kho did not write — XMP packets, OOXML and ODF parts, SVG — with libxml2's SAX2
/// parser, which reports malformed input as an error where Foundation's XMLParser can trap and take
/// the whole process down. No network, no DTD loading, no entity expansion beyond XML's own five,
/// libxml2's size limits kept, and its error messages silent (the caller decides what to say).
enum SafeXML {
    /// libxml2's functions, loaded with dlopen when the first XML is parsed (see CXML/shim.h);
    /// nil when libxml2 is not installed (then nothing parses, and callers say the part was unreadable).
    private struct Functions: @unchecked Sendable {
        let createPushParser: @convention(c) (xmlSAXHandlerPtr?, UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?) -> xmlParserCtxtPtr?
        let freeParser: @convention(c) (xmlParserCtxtPtr?) -> Void
        let useOptions: @convention(c) (xmlParserCtxtPtr?, Int32) -> Int32
        let parseChunk: @convention(c) (xmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, Int32) -> Int32
    }

    private static let functions: Functions? = {
        guard let library = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<T>(_ name: String, as type: T.Type) -> T? { dlsym(library, name).map { unsafeBitCast($0, to: type) } }
        guard let initialize = symbol("xmlInitParser", as: (@convention(c) () -> Void).self),
              let create = symbol("xmlCreatePushParserCtxt", as: (@convention(c) (xmlSAXHandlerPtr?, UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?) -> xmlParserCtxtPtr?).self),
              let free = symbol("xmlFreeParserCtxt", as: (@convention(c) (xmlParserCtxtPtr?) -> Void).self),
              let options = symbol("xmlCtxtUseOptions", as: (@convention(c) (xmlParserCtxtPtr?, Int32) -> Int32).self),
              let chunk = symbol("xmlParseChunk", as: (@convention(c) (xmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, Int32) -> Int32).self)
        else { return nil }
        initialize()
        return Functions(createPushParser: create, freeParser: free, useOptions: options, parseChunk: chunk)
    }()

    /// Feeds `bytes` to `handler`; returns whether the document was well formed to its end.
    @discardableResult
    static func parse(_ bytes: some Collection<UInt8>, handler: XMLEventHandler) -> Bool {
        let data = Array(bytes)
        guard !data.isEmpty, let xml = functions else { return false }
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { context, localName, prefix, _, _, _, count, _, attributes in
            guard let context, let localName else { return }
            var pairs: [(name: String, value: String)] = []
            if let attributes, count > 0 {
                for i in 0..<Int(count) {
                    guard let name = attributes[5 * i], let start = attributes[5 * i + 3], let end = attributes[5 * i + 4] else { continue }
                    // Without entity substitution libxml2 hands '&' in attribute values back as "&#38;".
                    let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                        .replacingOccurrences(of: "&#38;", with: "&")
                    pairs.append((SafeXML.qualified(name, attributes[5 * i + 1]), value))
                }
            }
            SafeXML.handler(context).startElement(SafeXML.qualified(localName, prefix), attributes: pairs)
        }
        sax.endElementNs = { context, localName, prefix, _ in
            guard let context, let localName else { return }
            SafeXML.handler(context).endElement(SafeXML.qualified(localName, prefix))
        }
        let text: charactersSAXFunc = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            SafeXML.handler(context).characters(String(decoding: UnsafeBufferPointer(start: characters, count: Int(length)), as: UTF8.self))
        }
        sax.characters = text
        sax.cdataBlock = text
        sax.serror = { _, _ in }  // errors end the parse; the caller says what that means

        let box = Unmanaged.passRetained(HandlerBox(handler))
        defer { box.release() }
        return data.withUnsafeBufferPointer { buffer -> Bool in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            // The first four bytes let libxml2 tell the encoding (UTF-8, UTF-16 …) before the options apply.
            let head = min(4, buffer.count)
            guard let context = xml.createPushParser(&sax, box.toOpaque(), base, Int32(head), nil) else { return false }
            defer { xml.freeParser(context) }
            _ = xml.useOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue))
            var offset = head
            var status: Int32 = 0
            // In chunks: xmlParseChunk takes an Int32 length.
            repeat {
                let length = min(buffer.count - offset, 1 << 24)
                let last: Int32 = offset + length == buffer.count ? 1 : 0
                status = xml.parseChunk(context, base + offset, Int32(length), last)
                offset += length
            } while status == 0 && offset < buffer.count
            return status == 0 && context.pointee.wellFormed != 0
        }
    }

    private final class HandlerBox {
        let handler: XMLEventHandler
        init(_ handler: XMLEventHandler) { self.handler = handler }
    }

    private static func handler(_ context: UnsafeMutableRawPointer) -> XMLEventHandler {
        Unmanaged<HandlerBox>.fromOpaque(context).takeUnretainedValue().handler
    }

    private static func qualified(_ local: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?) -> String {
        let name = String(cString: local)
        guard let prefix else { return name }
        return String(cString: prefix) + ":" + name
    }
}
