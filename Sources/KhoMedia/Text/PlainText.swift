import Foundation
import KhoVocabulary
import Glibc

/// Plain text in whatever encoding Vietnamese offices have used: UTF-8 (with or without BOM),
/// UTF-16 (BOM, or the zero-byte pattern of mostly-ASCII text), and otherwise Windows-1258 via
/// iconv, reported as such. (TCVN3/ABC files look like Windows-1258 to a machine; a note says so.)
enum PlainText {
    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failed("cannot open the file") }
        defer { try? handle.close() }
        let cap = limits.maxTextBytes * 2
        let data = (try? handle.read(upToCount: cap + 1)) ?? Data()
        var e = Extraction()
        let bytes = [UInt8](data.prefix(cap))
        let (text, note) = decode(bytes)
        if let note { e.warn(note) }
        e.setText(text, limits: limits)
        if data.count > cap { e.truncated = true; e.warn("only the first \(cap / 1_000_000) MB were read") }
        return e
    }

    /// Decodes bytes of unknown encoding; the note says which guess was made, when it was a guess.
    static func decode(_ bytes: [UInt8]) -> (String, String?) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (String(decoding: bytes.dropFirst(3), as: UTF8.self), nil) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (utf16(bytes.dropFirst(2), littleEndian: true), nil) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (utf16(bytes.dropFirst(2), littleEndian: false), nil) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
        // A cut in the middle of a UTF-8 sequence at the read cap is still UTF-8.
        if bytes.count > 4, let text = String(validating: bytes.dropLast(3), as: UTF8.self) { return (text, nil) }
        if bytes.count >= 4 {
            let sample = bytes.prefix(4096)
            let evenZeros = stride(from: 0, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            let oddZeros = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
            if oddZeros > sample.count / 8 && evenZeros == 0 { return (utf16(bytes[...], littleEndian: true), "decoded as UTF-16LE (no byte-order mark)") }
            if evenZeros > sample.count / 8 && oddZeros == 0 { return (utf16(bytes[...], littleEndian: false), "decoded as UTF-16BE (no byte-order mark)") }
        }
        if let text = iconv(bytes, from: "CP1258") {
            return (text.precomposedStringWithCanonicalMapping, "not UTF-8: decoded as Windows-1258 (if the letters look wrong, the file may be TCVN3; convert it to Unicode)")
        }
        return (String(decoding: bytes, as: UTF8.self), "not valid UTF-8; unreadable bytes were replaced")
    }

    static func utf16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = bytes.startIndex
        while i + 1 < bytes.endIndex {
            let (a, b) = (UInt16(bytes[i]), UInt16(bytes[i + 1]))
            units.append(littleEndian ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// glibc's iconv, to UTF-8; nil when a byte has no meaning in `encoding`.
    static func iconv(_ bytes: [UInt8], from encoding: String) -> String? {
        let cd = iconv_open("UTF-8", encoding)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr = outBuf.baseAddress
                var outLeft = outBuf.count
                guard Glibc.iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1, inLeft == 0 else { return nil }
                // Flush: Windows-1258 holds back the last letter, waiting for a combining tone mark.
                guard Glibc.iconv(cd, nil, nil, &outPtr, &outLeft) != -1 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let produced else { return nil }
        return String(decoding: output[..<produced].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// A file name that is not UTF-8, read as Vietnamese Windows text: old Windows machines and the
/// zip files they made write names in the ANSI code page (Windows-1258 in Vietnam).
public enum LegacyName {
    public static func reading(_ bytes: [UInt8]) -> String? {
        PlainText.iconv(bytes, from: "CP1258").map(\.precomposedStringWithCanonicalMapping)
    }
}
