import Dispatch
import Foundation
import KhoVocabulary

/// Text recognised in page images by Tesseract (Vietnamese and English models), in child
/// processes under a time and memory cap: pdftoppm renders a PDF's pages at 200 dpi in grey
/// (office scanners deliver 150–300 dpi; on the corpus scan 200 reads cleanly, 300 and 400 add noise),
/// one page at a time, and tesseract reads each.
public enum OCR {
    /// Looked up once per process: ingest asks for every file.
    public static let available: Bool = ExternalTool.find("tesseract") != nil

    /// The extraction note of a scan whose pages wait in the OCR queue.
    public static let queuedNote = "no text layer: the pages are images, queued for OCR"

    /// One Tesseract per core, whoever asks (pages of one scan, pictures side by side, several
    /// scans at once): more would only share the cores and the memory.
    private static let slots = DispatchSemaphore(value: max(1, ProcessInfo.processInfo.activeProcessorCount))

    /// OCR of a PDF without a text layer: at most `limits.ocrPages` pages, `limits.ocrSeconds` in all.
    /// Pages are rendered and read in parallel, one single-threaded Tesseract per core.
    public static func pdf(path: String, pages: Int?, limits: ExtractionLimits) -> Extraction {
        let started = Date()
        let scratch = ExternalTool.scratchPath("ocr")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let count = max(1, min(pages ?? limits.ocrPages, limits.ocrPages))
        let results = PageResults(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let page = index + 1
            let left = limits.ocrSeconds - Date().timeIntervalSince(started)
            if left <= 0 { results.set(index, .stopped); return }
            let prefix = scratch + "/page-\(page)"
            guard let rendered = try? ExternalTool.run("pdftoppm", ["-r", "200", "-gray", "-f", "\(page)", "-l", "\(page)", "-singlefile", path, prefix],
                                                       timeout: min(left, limits.toolTimeout), maxOutput: 1 << 16, memoryLimit: 1 << 30),
                  rendered.status == 0, FileManager.default.fileExists(atPath: prefix + ".pgm") else {
                results.set(index, .unrendered)
                return
            }
            let text = image(path: prefix + ".pgm", timeout: min(left, limits.toolTimeout * 2))
            try? FileManager.default.removeItem(atPath: prefix + ".pgm")
            switch text {
            case .success(let t): results.set(index, .text(t))
            case .failure(let reason): results.set(index, .failed(reason.message))
            }
        }
        var texts: [String] = []
        var e = Extraction()
        e.textOrigin = .ocr
        // In page order, as before: the first page that did not render ends the document (a page
        // count read wrongly), except the first, which means nothing could be rendered.
        pages: for (index, result) in results.all.enumerated() {
            switch result {
            case .text(let t): texts.append(t)
            case .failed(let message): e.warn("page \(index + 1): \(message)")
            case .unrendered:
                if index == 0 { return .failed("the pages could not be rendered for OCR (pdftoppm)") }
                break pages
            case .stopped:
                e.warn("OCR stopped after \(Int(limits.ocrSeconds)) s, at page \(index + 1)")
                break pages
            }
        }
        let body = texts.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { return .failed("OCR found no text in the page images") }
        e.setText(body, limits: limits)
        e.pages = pages
        e.notes.append("text read by OCR (Tesseract, vie+eng) from \(texts.count) page image(s)")
        return e
    }

    /// What became of each page, filled from several threads.
    private final class PageResults: @unchecked Sendable {
        enum Page { case text(String), failed(String), unrendered, stopped }
        private let lock = NSLock()
        private var pages: [Page]
        init(count: Int) { pages = Array(repeating: .stopped, count: count) }
        func set(_ index: Int, _ page: Page) { lock.withLock { pages[index] = page } }
        var all: [Page] { lock.withLock { pages } }
    }

    public struct Failure: Error { public let message: String }

    /// The text of one image (a scan, a poster).
    public static func image(path: String, timeout: Double) -> Result<String, Failure> {
        slots.wait()
        defer { slots.signal() }
        do {
            // One thread: Tesseract's OpenMP threads fight each other on a small machine (a page
            // took 18 s with them, about 1 s without); kho runs pages and files side by side instead.
            let out = try ExternalTool.run("tesseract", [path, "-", "-l", "vie+eng", "--psm", "3"], timeout: timeout,
                                           maxOutput: 4 << 20, memoryLimit: 1 << 30, environment: ["OMP_THREAD_LIMIT": "1"])
            if out.timedOut { return .failure(Failure(message: "Tesseract took longer than \(Int(timeout)) s and was stopped")) }
            guard out.status == 0 else { return .failure(Failure(message: "Tesseract: " + ExternalTool.firstLine(out.stderr, hiding: path))) }
            return .success(String(decoding: out.stdout, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n"))
        } catch {
            return .failure(Failure(message: "\(error)"))
        }
    }
}
