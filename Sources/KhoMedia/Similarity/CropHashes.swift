import Foundation
import KhoVocabulary

/// Perceptual hashes of a picture and of 27 crops of it — 3×3 positions at 90, 80 and 70 % of each
/// side — so that a copy with up to about 15 % cut off its sides (what editors do before posting a
/// photo) lands near one of the original's crops, though its whole-picture hash is 14–34 bits
/// away. A pair's distance is the least between one picture's whole hash and the other's crops,
/// either way round. Measured (scripts/neardup-study.py): edited copies ≤ 12 bits, distinct corpus
/// photos ≥ 16; a second look (`CropVerifier`) separates what is close.
public enum CropHashes {
    /// A region of a picture, as fractions of its width and height.
    public struct Region: Sendable, Equatable {
        public var x, y, width, height: Double
    }

    /// Region 0 is the whole picture.
    public static let regions: [Region] = {
        var out = [Region(x: 0, y: 0, width: 1, height: 1)]
        for scale in [0.9, 0.8, 0.7] {
            for ax in [0.0, 0.5, 1.0] {
                for ay in [0.0, 0.5, 1.0] {
                    out.append(Region(x: (1 - scale) * ax, y: (1 - scale) * ay, width: scale, height: scale))
                }
            }
        }
        return out
    }()

    /// The hashes of every region of a grey picture (a thumbnail of its own shape, 128–256 px).
    public static func grid(_ grey: ImagePixels.Grey) -> [UInt64] {
        regions.map { PerceptualHash.phash(pixels: resample(grey, region: $0, side: 32)[...]) }
    }

    /// Which region of which picture matched the other whole, and how closely.
    public struct Match: Sendable, Equatable {
        public var bits: Int
        /// The cropped side: true when it is the first picture's region, false the second's.
        public var regionOfFirst: Bool
        public var region: Int
    }

    public static func match(_ a: [UInt64], _ b: [UInt64]) -> Match {
        var best = Match(bits: 65, regionOfFirst: true, region: 0)
        for (i, h) in a.enumerated() {
            let d = PerceptualHash.distance(h, b[0])
            if d < best.bits { best = Match(bits: d, regionOfFirst: true, region: i) }
        }
        for (i, h) in b.enumerated() {
            let d = PerceptualHash.distance(a[0], h)
            if d < best.bits { best = Match(bits: d, regionOfFirst: false, region: i) }
        }
        return best
    }

    /// A region of a grey picture averaged down (or sampled up) to side × side bytes.
    static func resample(_ g: ImagePixels.Grey, region r: Region, side: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: side * side)
        let x0 = r.x * Double(g.columns), y0 = r.y * Double(g.rows)
        let cw = r.width * Double(g.columns) / Double(side), ch = r.height * Double(g.rows) / Double(side)
        for v in 0..<side {
            let ya = Int(y0 + Double(v) * ch), yb = max(ya + 1, min(g.rows, Int(y0 + Double(v + 1) * ch)))
            for u in 0..<side {
                let xa = Int(x0 + Double(u) * cw), xb = max(xa + 1, min(g.columns, Int(x0 + Double(u + 1) * cw)))
                var sum = 0, n = 0
                for y in min(ya, g.rows - 1)..<yb { for x in min(xa, g.columns - 1)..<xb { sum += Int(g.pixels[y * g.columns + x]); n += 1 } }
                out[v * side + u] = UInt8(sum / max(n, 1))
            }
        }
        return out
    }
}
