import Foundation
import KhoVocabulary

/// The size of a JPEG's pixels from its start-of-frame marker: what a decoder will produce,
/// unlike EXIF's PixelXDimension, which editors often leave stale. Walks the marker segments by
/// hand (two bytes of marker, two of length) and stops at the first SOF.
public enum JPEGFrame {
    /// True when EXIF comes right after the start of the file, as the Exif standard has cameras
    /// write it; software that re-saves a photo commonly puts a JFIF header first.
    public static func exifFirst(_ b: [UInt8]) -> Bool {
        b.count >= 10 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF && b[3] == 0xE1 && Array(b[6..<10]) == Array("Exif".utf8)
    }

    /// The same, from the first bytes of a file (false when it cannot be read).
    public static func exifFirst(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return exifFirst(Array((try? handle.read(upToCount: 10)) ?? Data()))
    }

    /// Calls `body(marker, bodyRange)` for each marker segment before the image data, in order,
    /// until it returns false; fill bytes and parameterless markers are stepped over. The one walk
    /// of a JPEG's structure every reader here uses.
    static func forEachSegment(_ b: [UInt8], _ body: (UInt8, Range<Int>) -> Bool) {
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return }
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            if marker == 0xDA || marker == 0xD9 { return }
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2 else { return }
            guard body(marker, (i + 4)..<min(b.count, i + 2 + length)) else { return }
            i += 2 + length
        }
    }

    /// Whether the JPEG carries camera data in a segment of its own beside JFIF, ICC, Adobe, IPTC and
    /// XMP: EXIF (anywhere, even after the tables where libexif stops looking), Canon's CIFF heap
    /// in APP0, vendors' APP3–APP12 (but Photoshop's Ducky) and APP15. Only then is exiftool worth a process.
    static func hasCameraSegments(_ b: [UInt8]) -> Bool {
        var found = false
        forEachSegment(b) { marker, range in
            func starts(_ text: String) -> Bool { b[range].starts(with: Array(text.utf8)) }
            switch marker {
            case 0xE0: found = !starts("JFIF") && !starts("JFXX")
            case 0xE1: found = !starts("http://ns.adobe.com/")
            case 0xEC: found = !starts("Ducky")  // Photoshop's "save for web" quality, not camera data
            case 0xE3...0xEB, 0xEF: found = true
            default: break
            }
            return !found
        }
        return found
    }

    static func size(_ b: [UInt8]) -> (Int, Int)? {
        var size: (Int, Int)?
        forEachSegment(b) { marker, range in
            // SOF0…SOF15, except DHT (C4), JPG (C8) and DAC (CC).
            guard (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) else { return true }
            if range.count >= 5 {
                let height = Int(b[range.lowerBound + 1]) << 8 | Int(b[range.lowerBound + 2])
                let width = Int(b[range.lowerBound + 3]) << 8 | Int(b[range.lowerBound + 4])
                if width > 0 && height > 0 { size = (width, height) }
            }
            return false
        }
        return size
    }
}
