import Foundation
import KhoVocabulary

/// Top-level boxes of an ISO base media file (MP4, MOV, M4A, 3GP, HEIF): enough to tell a file
/// that was cut short — its last box claims more bytes than the file has — without decoding.
/// Written by hand: eight bytes of header per box, unchanged since ISO/IEC 14496-12's first edition.
public enum ISOBoxes {
    /// A plain description of the truncation, or nil when every top-level box fits in the file.
    public static func truncation(path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let fileSize = try? handle.seekToEnd() else { return nil }
        var offset: UInt64 = 0
        var boxes = 0
        while offset + 8 <= fileSize, boxes < 10_000 {
            try? handle.seek(toOffset: offset)
            guard let header = try? handle.read(upToCount: 16), header.count >= 8 else { return nil }
            let bytes = [UInt8](header)
            var size = UInt64(bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            let type = String(decoding: bytes[4..<8], as: UTF8.self)
            if size == 1, bytes.count == 16 { size = bytes[8..<16].reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
            if size == 0 { return nil }  // "to the end of the file"
            if size < 8 { return "damaged: box \(boxes + 1) declares an impossible size" }
            if offset + size > fileSize {
                return "truncated: the '\(type)' box needs \(offset + size) bytes but the file has \(fileSize) (\(100 * fileSize / (offset + size))% present)"
            }
            offset += size
            boxes += 1
        }
        return nil
    }
}
