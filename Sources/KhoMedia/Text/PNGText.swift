import Foundation
import KhoVocabulary

/// Text chunks of a PNG (tEXt and uncompressed iTXt): Title, Description, Author… — where
/// graphics tools put an infographic's words — and its EXIF (eXIf, read by libexif), camera facts
/// included when a photo was converted to PNG. Written by hand: the chunk format is a few lines and
/// stable since 1996; compressed chunks (zTXt, compressed iTXt) are reported, not inflated. Chunks
/// after the pixels count too (converters put eXIf there); the pixels themselves are skipped.
enum PNGText {
    static func extract(path: String) -> Extraction {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failed("cannot open the file") }
        defer { try? handle.close() }
        var e = Extraction(status: .none)
        guard let signature = try? handle.read(upToCount: 8), signature == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            return .failed("not a PNG signature")
        }
        var texts: [(String, String)] = []
        var exif: [UInt8]?
        while let header = try? handle.read(upToCount: 8), header.count == 8 {
            let length = Int(header.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let type = String(decoding: header.suffix(4), as: UTF8.self)
            if type == "IEND" { break }
            if type == "IDAT" {
                guard (try? handle.seek(toOffset: handle.offsetInFile + UInt64(length) + 4)) != nil else { break }
                continue
            }
            guard length <= 8 << 20 else { e.warn("a \(type) chunk claims \(length) bytes; stopped reading"); break }
            guard let body = try? handle.read(upToCount: length), body.count == length else { e.warn("the file ends inside a chunk"); break }
            _ = try? handle.read(upToCount: 4)  // CRC
            let bytes = [UInt8](body)
            switch type {
            case "tEXt":
                if let nul = bytes.firstIndex(of: 0) {
                    let key = String(decoding: bytes[..<nul], as: UTF8.self)
                    let value = String(bytes[(nul + 1)...].map { Character(Unicode.Scalar($0)) })  // Latin-1 by the spec
                    texts.append((key, value))
                }
            case "iTXt":
                // keyword \0 compression-flag compression-method language \0 translated-keyword \0 text
                guard let nul = bytes.firstIndex(of: 0), nul + 2 < bytes.count else { continue }
                let key = String(decoding: bytes[..<nul], as: UTF8.self)
                if bytes[nul + 1] != 0 { e.warn("compressed iTXt chunk \(key) not read"); continue }
                var rest = bytes[(nul + 3)...]
                guard let langEnd = rest.firstIndex(of: 0) else { continue }
                rest = rest[(langEnd + 1)...]
                guard let transEnd = rest.firstIndex(of: 0) else { continue }
                texts.append((key, String(decoding: rest[(transEnd + 1)...], as: UTF8.self)))
            case "zTXt":
                e.warn("compressed zTXt chunk not read")
            case "eXIf":
                exif = bytes
            default:
                break
            }
        }
        for (key, value) in texts {
            e.fact("png." + key.lowercased(), value)
            if key.lowercased() == "title" { e.title = value }
        }
        if let exif {
            // The chunk is a bare TIFF structure; libexif wants it behind the APP1 header.
            let facts = ExifReader.readTags(Array("Exif".utf8) + [0, 0] + exif)
            for (key, value) in facts.pairs { e.fact(key, value) }
            e.takenAt = facts.takenAtISO
            if !facts.problems.isEmpty { e.warn("damaged EXIF, read what could be read (" + facts.problems.joined(separator: ", ") + ")") }
        }
        if !e.facts.isEmpty && e.status == .none { e.status = .ok }
        return e
    }
}
