import Foundation
import KhoVocabulary

/// A PDF's text layer (poppler's pdftotext) and its document info (pdfinfo), each under a time
/// limit. A PDF whose pages carry no text is marked needs-ocr; a damaged one yields what poppler
/// could read, with a warning.
enum PDFText {
    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        var e = Extraction()
        do {
            let info = try ExternalTool.run("pdfinfo", ["-enc", "UTF-8", path], timeout: limits.toolTimeout, maxOutput: 1 << 20)
            if info.timedOut { e.warn("pdfinfo took longer than \(Int(limits.toolTimeout)) s and was stopped") }
            for line in String(decoding: info.stdout, as: UTF8.self).split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch key {
                case "Title": e.title = value.isEmpty ? nil : value; e.fact("pdf.title", value)
                case "Author": e.fact("pdf.author", value)
                case "Subject": e.fact("pdf.subject", value)
                case "Keywords": e.fact("pdf.keywords", value)
                case "Creator": e.fact("pdf.creator", value)
                case "Pages": e.pages = Int(value)
                default: break
                }
            }
            if info.status != 0 && !info.timedOut {
                e.warn("the PDF is damaged: " + ExternalTool.firstLine(info.stderr, hiding: path))
            }
            let text = try ExternalTool.run("pdftotext", ["-enc", "UTF-8", "-q", path, "-"], timeout: limits.toolTimeout,
                                            maxOutput: limits.maxTextBytes)
            if text.timedOut { e.warn("pdftotext took longer than \(Int(limits.toolTimeout)) s and was stopped") }
            if text.truncated { e.truncated = true; e.warn("text cut at \(limits.maxTextBytes / 1_000_000) MB") }
            if text.status != 0 && !text.timedOut && !text.truncated { e.warn("pdftotext could not read all of it (damaged or truncated PDF)") }
            let body = String(decoding: text.stdout, as: UTF8.self).replacingOccurrences(of: "\u{0C}", with: "\n")
            let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if e.status != .ok {
                    e.status = .failed
                } else if limits.ocr && limits.ocrLater && OCR.available {
                    e.status = .needsOCR
                    e.notes.append(OCR.queuedNote)
                } else if limits.ocr && OCR.available {
                    // No text layer: a scan. Tesseract reads the page images.
                    var ocr = OCR.pdf(path: path, pages: e.pages, limits: limits)
                    ocr.title = e.title
                    ocr.facts = e.facts
                    ocr.pages = e.pages
                    return ocr
                } else {
                    e.status = .needsOCR
                    e.notes.append("no text layer: the pages are images (OCR needed\(limits.ocr ? "; install tesseract-ocr-vie: make deps" : ""))")
                }
            } else {
                e.setText(trimmed, limits: limits)
            }
        } catch {
            return .failed("\(error)")
        }
        return e
    }
}
