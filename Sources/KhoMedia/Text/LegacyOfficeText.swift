import Foundation
import KhoVocabulary

/// Word 97–2003 (.doc) through antiword (catdoc when antiword gives up), Excel 97–2003 (.xls)
/// through xls2csv and PowerPoint 97–2003 (.ppt) through catppt — Debian's antiword and catdoc.
enum LegacyOfficeText {
    static func extract(path: String, mime: String, limits: ExtractionLimits) -> Extraction {
        var attempts: [(String, [String])] = []
        switch mime {
        case "application/vnd.ms-excel": attempts = [("xls2csv", ["-d", "utf-8", "-q", "0", path])]
        case "application/vnd.ms-powerpoint": attempts = [("catppt", ["-d", "utf-8", path])]
        default: attempts = [("antiword", ["-m", "UTF-8.txt", "-w", "0", path]), ("catdoc", ["-d", "utf-8", "-w", path])]
        }
        var e = Extraction()
        var failures: [String] = []
        for (tool, arguments) in attempts {
            do {
                let out = try ExternalTool.run(tool, arguments, timeout: limits.toolTimeout, maxOutput: limits.maxTextBytes)
                let text = String(decoding: out.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if out.status == 0 || out.truncated, !text.isEmpty {
                    if out.truncated { e.truncated = true; e.warn("text cut at \(limits.maxTextBytes / 1_000_000) MB") }
                    e.setText(text, limits: limits)
                    return e
                }
                failures.append(out.timedOut ? "\(tool) timed out" : "\(tool): \(ExternalTool.firstLine(out.stderr, hiding: path))")
            } catch {
                failures.append("\(error)")
            }
        }
        return .failed("could not read this legacy Office file (" + failures.joined(separator: "; ") + ")")
    }
}
