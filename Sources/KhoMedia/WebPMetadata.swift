import Foundation
import KhoVocabulary

/// The EXIF of a WebP picture (its RIFF "EXIF" chunk, read by libexif), and the canvas size.
/// Written by hand: RIFF is a fourcc, a little-endian length and the data, padded to even; phones
/// and chat apps save photos as WebP, so their camera facts must not be lost there.
enum WebPMetadata {
    /// Reads the chunk headers and only the chunks it needs (EXIF usually follows the pixels).
    static func extract(path: String) -> Extraction {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failed("cannot open the file") }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 12), header.count == 12, header.prefix(4) == Data("RIFF".utf8),
              header.suffix(4) == Data("WEBP".utf8) else {
            return .failed("not a WebP file (no RIFF/WEBP header)")
        }
        var exif: [UInt8]?
        var size: (Int, Int)?
        while let chunk = try? handle.read(upToCount: 8), chunk.count == 8 {
            let c = [UInt8](chunk)
            let fourcc = String(decoding: c[0..<4], as: UTF8.self)
            let length = Int(c[4]) | Int(c[5]) << 8 | Int(c[6]) << 16 | Int(c[7]) << 24
            let padded = UInt64(length + (length & 1))
            if (fourcc == "EXIF" && length <= 8 << 20) || fourcc == "VP8X" {
                guard let data = try? handle.read(upToCount: length), data.count == length else { break }
                let body = [UInt8](data)
                if fourcc == "EXIF" { exif = body } else if body.count >= 10 {
                    size = (1 + (Int(body[4]) | Int(body[5]) << 8 | Int(body[6]) << 16), 1 + (Int(body[7]) | Int(body[8]) << 8 | Int(body[9]) << 16))
                }
                if length & 1 == 1 { _ = try? handle.read(upToCount: 1) }
            } else {
                guard (try? handle.seek(toOffset: handle.offsetInFile + padded)) != nil else { break }
            }
        }
        var facts = ExifFacts()
        if let exif {
            // Most writers store the bare TIFF structure; some keep the JPEG APP1 header.
            let header = Array("Exif".utf8) + [0, 0]
            facts = ExifReader.readTags(exif.starts(with: header) ? exif : header + exif)
        }
        if let size { facts.width = size.0; facts.height = size.1 }
        var e = Extraction(status: facts.isEmpty ? .none : .ok)
        for (key, value) in facts.pairs { e.fact(key, value) }
        e.takenAt = facts.takenAtISO
        if !facts.problems.isEmpty { e.warn("damaged EXIF, read what could be read (" + facts.problems.joined(separator: ", ") + ")") }
        return e
    }
}
