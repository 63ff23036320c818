import Foundation
import KhoVocabulary

/// Text recognised in page images by Tesseract (Vietnamese and English models), in child
/// processes under a time and memory cap: pdftoppm renders a PDF's pages at 200 dpi in grey
/// (office scanners deliver 150–300 dpi; on the corpus scan 200 reads cleanly, 300 and 400 add noise),
/// one page at a time, and tesseract reads each.
public enum OCR {
    public static var available: Bool { ExternalTool.find("tesseract") != nil }

    /// OCR of a PDF without a text layer: at most `limits.ocrPages` pages, `limits.ocrSeconds` in all.
    static func pdf(path: String, pages: Int?, limits: ExtractionLimits) -> Extraction {
        let started = Date()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kho-ocr-\(getpid())-\(UInt64.random(in: 0...UInt64.max))").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let count = min(pages ?? limits.ocrPages, limits.ocrPages)
        var texts: [String] = []
        var e = Extraction()
        e.textOrigin = .ocr
        for page in 1...max(1, count) {
            let left = limits.ocrSeconds - Date().timeIntervalSince(started)
            if left <= 0 { e.warn("OCR stopped after \(Int(limits.ocrSeconds)) s, at page \(page)"); break }
            let prefix = scratch + "/page"
            guard let rendered = try? ExternalTool.run("pdftoppm", ["-r", "200", "-gray", "-f", "\(page)", "-l", "\(page)", "-singlefile", path, prefix],
                                                       timeout: min(left, limits.toolTimeout), maxOutput: 1 << 16, memoryLimit: 1 << 30),
                  rendered.status == 0, FileManager.default.fileExists(atPath: prefix + ".pgm") else {
                if page == 1 { return .failed("the pages could not be rendered for OCR (pdftoppm)") }
                break
            }
            let text = image(path: prefix + ".pgm", timeout: min(left, limits.toolTimeout * 2))
            try? FileManager.default.removeItem(atPath: prefix + ".pgm")
            switch text {
            case .success(let t): texts.append(t)
            case .failure(let reason): e.warn("page \(page): \(reason.message)")
            }
        }
        let body = texts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { return .failed("OCR found no text in the page images") }
        e.setText(body, limits: limits)
        e.pages = pages
        e.notes.append("text read by OCR (Tesseract, vie+eng) from \(texts.count) page image(s)")
        return e
    }

    public struct Failure: Error { public let message: String }

    /// The text of one image (a scan, a poster).
    public static func image(path: String, timeout: Double) -> Result<String, Failure> {
        do {
            let out = try ExternalTool.run("tesseract", [path, "-", "-l", "vie+eng", "--psm", "3"], timeout: timeout,
                                           maxOutput: 4 << 20, memoryLimit: 1 << 30)
            if out.timedOut { return .failure(Failure(message: "Tesseract took longer than \(Int(timeout)) s and was stopped")) }
            guard out.status == 0 else { return .failure(Failure(message: "Tesseract: " + ExternalTool.firstLine(out.stderr))) }
            return .success(String(decoding: out.stdout, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n"))
        } catch {
            return .failure(Failure(message: "\(error)"))
        }
    }
}
