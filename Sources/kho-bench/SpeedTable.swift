// The one table `make bench` ends with (issue 15): each row kho's figure, its yardstick measured
// in the same run, the ratio and the target. Sections add their rows as they measure.
import Foundation

struct SpeedRow {
    let what: String
    let kho: String
    let yardstick: String
    let ratio: String
    let target: String
    /// nil: reported only (no target to hold).
    let holds: Bool?
}

nonisolated(unsafe) var speedRows: [SpeedRow] = []

func addSpeedRow(_ what: String, kho: Double, unit: String, yardstickName: String, yardstick: Double, limit: Double) {
    let ratio = kho / yardstick
    let digits = unit == "ms" ? "%.1f" : "%.2f"
    speedRows.append(SpeedRow(what: what, kho: String(format: digits, kho) + " " + unit,
                              yardstick: yardstickName + " " + String(format: digits, yardstick) + " " + unit,
                              ratio: String(format: "%.2f×", ratio), target: String(format: "≤ %.1f×", limit), holds: ratio <= limit))
}

/// `limit` nil: a figure reported without a target.
func addAbsoluteRow(_ what: String, kho: Double, unit: String, limit: Double?, note: String = "") {
    let digits = unit == "ms" || unit == "MiB" ? "%.1f" : "%.2f"
    speedRows.append(SpeedRow(what: what, kho: String(format: digits, kho) + " " + unit, yardstick: note, ratio: "",
                              target: limit.map { "≤ " + String(format: digits, $0) + " " + unit } ?? "(none)", holds: limit.map { kho <= $0 }))
}

func printSpeedTable() {
    guard !speedRows.isEmpty else { return }
    func col(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    let widths = [48, 12, 40, 8, 13, 7]
    print("\nSpeed a person feels (issue 15) — every row measured in this run, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print(zip(["what", "kho", "yardstick (same run)", "ratio", "target", "holds"], widths).map { col($0, $1) }.joined(separator: " "))
    for r in speedRows {
        let verdict = r.holds.map { $0 ? "yes" : "NO" } ?? "-"
        print(zip([r.what, r.kho, r.yardstick, r.ratio, r.target, verdict], widths).map { col($0, $1) }.joined(separator: " "))
    }
}
