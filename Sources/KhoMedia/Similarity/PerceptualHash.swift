import Foundation
import KhoVocabulary

/// The 64-bit perceptual hash of a grey picture (Zauner's pHash, as imagehash computes it). A
/// difference hash (dHash) was measured beside it on the corpus and separated nothing pHash did
/// not (the 5 % crop: pHash 10, dHash 15; the two posters of one template: pHash 12, dHash 14).
public enum PerceptualHash {
    /// pHash: 2-D DCT of the 32×32 grey picture, the 8×8 lowest frequencies, each bit 1 when its
    /// coefficient is above their median (the DC term included, as imagehash does).
    public static func phash(_ grey: ImagePixels.Grey) -> UInt64 {
        precondition(grey.columns == 32 && grey.rows == 32)
        return phash(pixels: grey.pixels[...])
    }

    /// pHash of 32×32 grey bytes (a video frame as ffmpeg scaled it).
    public static func phash(pixels: ArraySlice<UInt8>) -> UInt64 {
        let n = 32
        var input = [Double](repeating: 0, count: n * n)
        var i = 0
        for p in pixels.prefix(n * n) { input[i] = Double(p); i += 1 }
        // Rows, then columns; only the first 8 outputs of each are ever needed.
        var rows = [Double](repeating: 0, count: n * 8)
        for y in 0..<n {
            for u in 0..<8 {
                var s = 0.0
                for x in 0..<n { s += input[y * n + x] * cosTable[u * n + x] }
                rows[y * 8 + u] = s
            }
        }
        var low = [Double](repeating: 0, count: 64)
        for v in 0..<8 {
            for u in 0..<8 {
                var s = 0.0
                for y in 0..<n { s += rows[y * 8 + u] * cosTable[v * n + y] }
                low[v * 8 + u] = s
            }
        }
        let median = low.sorted()[31...32].reduce(0, +) / 2
        var hash: UInt64 = 0
        for i in 0..<64 where low[i] > median { hash |= 1 << UInt64(63 - i) }
        return hash
    }

    /// dHash: 9×8 grey cells (averaged from the 32×32), each bit 1 when a cell is brighter than
    /// its right-hand neighbour.

    public static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }

    /// cos((2x+1)uπ / 64) for the 32-point DCT-II.
    private static let cosTable: [Double] = (0..<(32 * 32)).map { i in
        let u = Double(i / 32), x = Double(i % 32)
        return cos((2 * x + 1) * u * Double.pi / 64)
    }
}
