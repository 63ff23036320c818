import Foundation
import KhoVocabulary

/// The second look at two pictures whose crop hashes are close: the matched region of one and the
/// other, grey at 48×48, correlated (NCC) over rotations of −3…3°, three scales and small shifts —
/// what an editor's straightening and trimming leave — also leaving out each edge quarter in turn,
/// where a caption bar or a logo goes, and the middle third across or down, where a large
/// watermark goes; the best correlation wins. Measured
/// (scripts/neardup-study.py): edited copies ≥ 0.865, distinct corpus photos ≤ 0.603.
public enum CropVerifier {
    public static let threshold = 0.75
    static let side = 48

    public static func correlation(_ a: ImagePixels.Grey, _ b: ImagePixels.Grey, match: CropHashes.Match) -> Double {
        let region = CropHashes.regions[match.region]
        let whole = CropHashes.Region(x: 0, y: 0, width: 1, height: 1)
        // X is transformed; Y is the fixed target.
        let (x, xRegion, y, yRegion) = match.regionOfFirst ? (a, region, b, whole) : (a, whole, b, region)
        let target = sample(y, region: yRegion, angle: 0, scale: 1, dx: 0, dy: 0)
        var best = -1.0
        for degrees in -3...3 {
            let angle = Double(degrees) * .pi / 180
            for scale in [1.0, 0.94, 0.88] {
                for dx in [-0.03, 0, 0.03] {
                    for dy in [-0.03, 0, 0.03] {
                        let candidate = sample(x, region: xRegion, angle: angle, scale: scale, dx: dx, dy: dy)
                        best = max(best, bandedNCC(candidate, target))
                    }
                }
            }
        }
        return best
    }

    /// side × side bilinear samples of a region turned by `angle` about its centre, shrunk to
    /// `scale` and shifted by (dx, dy) of its size.
    static func sample(_ g: ImagePixels.Grey, region r: CropHashes.Region, angle: Double, scale: Double, dx: Double, dy: Double) -> [Double] {
        let w = r.width * Double(g.columns), h = r.height * Double(g.rows)
        let cx = (r.x + r.width / 2 + dx * r.width) * Double(g.columns), cy = (r.y + r.height / 2 + dy * r.height) * Double(g.rows)
        let cosA = cos(angle), sinA = sin(angle)
        var out = [Double](repeating: 0, count: side * side)
        for v in 0..<side {
            let oy = (Double(v) + 0.5) / Double(side) - 0.5
            for u in 0..<side {
                let ox = (Double(u) + 0.5) / Double(side) - 0.5
                let px = ox * w * scale, py = oy * h * scale
                let sx = cx + px * cosA - py * sinA - 0.5, sy = cy + px * sinA + py * cosA - 0.5
                out[v * side + u] = bilinear(g, sx, sy)
            }
        }
        return out
    }

    static func bilinear(_ g: ImagePixels.Grey, _ x: Double, _ y: Double) -> Double {
        let x = min(max(x, 0), Double(g.columns - 1)), y = min(max(y, 0), Double(g.rows - 1))
        let x0 = Int(x), y0 = Int(y), x1 = min(x0 + 1, g.columns - 1), y1 = min(y0 + 1, g.rows - 1)
        let fx = x - Double(x0), fy = y - Double(y0)
        func p(_ x: Int, _ y: Int) -> Double { Double(g.pixels[y * g.columns + x]) }
        return (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) + (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy
    }

    /// The best NCC of the whole square, of the square without each edge quarter (a caption bar,
    /// a logo), and without its middle third across or down (a large watermark).
    static func bandedNCC(_ a: [Double], _ b: [Double]) -> Double {
        let n = side, k = side / 4, m0 = side / 3, m1 = 2 * side / 3
        let all = [0..<n]
        var best = ncc(a, b, rows: all, columns: all)
        best = max(best, ncc(a, b, rows: [0..<(n - k)], columns: all))
        best = max(best, ncc(a, b, rows: [k..<n], columns: all))
        best = max(best, ncc(a, b, rows: all, columns: [0..<(n - k)]))
        best = max(best, ncc(a, b, rows: all, columns: [k..<n]))
        best = max(best, ncc(a, b, rows: [0..<m0, m1..<n], columns: all))
        best = max(best, ncc(a, b, rows: all, columns: [0..<m0, m1..<n]))
        return best
    }

    static func ncc(_ a: [Double], _ b: [Double], rows: [Range<Int>], columns: [Range<Int>]) -> Double {
        var sa = 0.0, sb = 0.0, count = 0.0
        for ys in rows { for y in ys { for xs in columns { for x in xs { sa += a[y * side + x]; sb += b[y * side + x]; count += 1 } } } }
        let ma = sa / count, mb = sb / count
        var ab = 0.0, aa = 0.0, bb = 0.0
        for ys in rows {
            for y in ys {
                for xs in columns {
                    for x in xs {
                        let da = a[y * side + x] - ma, db = b[y * side + x] - mb
                        ab += da * db; aa += da * da; bb += db * db
                    }
                }
            }
        }
        let d = (aa * bb).squareRoot()
        return d > 0 ? ab / d : 0
    }
}
