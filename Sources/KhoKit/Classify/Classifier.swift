import Foundation
import KhoVocabulary
import KhoCatalogue
import KhoMedia

/// Classifies one item from what extraction and fingerprinting found — never from its file name:
/// its content type (with the reason), its topics and event days (rules from kho.toml, with what
/// fired), and, for administrative documents, their fields and citations.
public enum Classifier {
    public struct Input: Sendable {
        public var kind: MediaKind
        public var mime: String
        public var facts: [String: String]
        public var title: String?
        public var text: String?
        public var textOrigin: TextOrigin
        public var takenAt: String?
        public var names: [String]
        public var greyLevels: Int?
        public var whiteShare: Double?
        public var width: Int?
        public var height: Int?
        /// Flat colour and few tones: measured only when the content type hangs on it (`needsPictureStatistics`).
        public var picture: PictureStatistics?
    }

    /// Formats drawings, posters and screenshots are saved in (losslessly); photographs are JPEG/HEIF.
    static let drawingFormats: Set<String> = ["image/png", "image/gif", "image/svg+xml", "image/bmp", "image/webp"]

    /// An image in a photograph's format without camera data: only its pixels can tell a
    /// photograph from an infographic saved as JPEG (as chat apps send them).
    public static func needsPictureStatistics(kind: MediaKind, mime: String, facts: [String: String]) -> Bool {
        kind == .image && facts["exif.make"] == nil && facts["exif.model"] == nil && !drawingFormats.contains(mime)
    }

    /// A file name a camera or phone made, not a person: IMG_1234, DSCN0010, PXL_20260510_…,
    /// 20260510_083015, IMG-20260510-WA0001, Screenshot_…, or the camera's own make or model.
    static func isCameraName(_ name: String, facts: [String: String]) -> Bool {
        let stem = ((name as NSString).deletingPathExtension).lowercased()
        if stem.range(of: #"^(?:img|dsc|dscn|dscf|_dsc|dcim|pxl|mvimg|vid|mov|pano|sam|wp|photo|image|p|screenshot|ảnh màn hình)[ _-]?\d"#, options: .regularExpression) != nil
            || stem.range(of: #"^(?:\d{8}[ _-]\d{6}|img-\d{8}-wa\d+|screenshot)"#, options: .regularExpression) != nil {
            return true
        }
        let spaced = VietnameseText.folded(stem.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " "))
        for key in ["exif.model", "exif.make"] {
            guard let value = facts[key].map({ VietnameseText.folded($0.lowercased()) }), value.count >= 3 else { continue }
            if spaced.contains(value) || value.split(separator: " ").first.map({ $0.count >= 3 && spaced.hasPrefix($0) }) == true { return true }
        }
        return false
    }

    public static func classify(_ input: Input, taxonomy: Taxonomy) -> ClassificationRecord {
        var (type, reason) = contentType(input)
        var document: AdminDocument?
        if let text = input.text, !text.isEmpty {
            // An administrative heading or number (KẾ HOẠCH, Số: …/KH-UBND) outranks "a short text
            // with a headline"; a dateline or byline makes an article of any format (.docx, .odt,
            // .pdf, Windows text), not only of a web page.
            if type == .article, input.mime != "text/html", let parsed = AdminDocumentParser.parse(text, title: input.title),
               parsed.number != nil || parsed.docTypeName != nil {
                type = .document
            } else if type == .document, AdminDocumentParser.looksLikeArticle(text) {
                type = .article
                reason = "a news article: a dateline or byline, no administrative number or heading"
            }
            switch type {
            case .article: document = AdminDocumentParser.parse(text, title: input.title, kind: .article)
            case .slides: document = AdminDocumentParser.parse(text, title: input.title, kind: .slides)
            case .document, .scan, .spreadsheet:
                if let parsed = AdminDocumentParser.parse(text, title: input.title), parsed.number != nil || parsed.docTypeName != nil {
                    document = parsed
                    if type != .spreadsheet {
                        reason = "an administrative document: " + [parsed.number.map { "số \($0)" }, parsed.docTypeName.map { "heading \($0.uppercased())" }]
                            .compactMap { $0 }.joined(separator: ", ") + (input.textOrigin == .ocr ? " (read by OCR from a scan)" : "")
                        type = .administrative
                    }
                }
            default: break
            }
        }
        var record = ClassificationRecord(contentType: type, reason: reason, topics: topics(input, taxonomy: taxonomy))
        if let document {
            record.document = document
            record.citations = document.citations
        } else if let text = input.text {
            record.citations = AdminDocumentParser.citations(in: text)
        }
        return record
    }

    static func contentType(_ x: Input) -> (ContentType, String) {
        let m = x.mime
        switch x.kind {
        case .video: return (.video, "a video stream (\(m))")
        case .audio: return (.audio, "an audio stream (\(m)): a podcast or recording")
        case .image:
            if let make = x.facts["exif.make"] ?? x.facts["exif.model"] { return (.photo, "camera EXIF data (\(make))") }
            if let white = x.whiteShare, white >= 0.55, let w = x.width, let h = x.height, h > w,
               (1.25...1.5).contains(Double(h) / Double(max(w, 1))) {
                return (.scan, String(format: "a page: portrait %d×%d, %.0f%% paper-white", w, h, white * 100))
            }
            if drawingFormats.contains(m) {
                return (.graphic, "a drawing format (\(m)) without camera data")
            }
            if let p = x.picture {
                let tones = String(format: "%.0f%% flat colour, %.0f%% in four grey tones", p.flatShare * 100, p.dominantShare * 100)
                if p.looksDrawn { return (.graphic, "drawn, not photographed (\(tones), no EXIF camera)") }
                // Few grey levels alone mislead (a small photograph, a narrow palette under water); few tones too is a logo.
                if let levels = x.greyLevels, levels < 150, p.fewTones {
                    return (.graphic, "drawn, not photographed (\(levels) grey levels in the thumbnail, \(tones), no EXIF camera)")
                }
                return (.photo, "photographic statistics (\(tones), no EXIF camera)")
            }
            if let levels = x.greyLevels, levels >= 150 { return (.photo, "photographic statistics (\(levels) grey levels in the thumbnail, no EXIF camera)") }
            return (.graphic, x.greyLevels.map { "drawn, not photographed (\($0) grey levels, no EXIF camera)" } ?? "a picture without camera data")
        case .document:
            if m.contains("presentation") || m == "application/vnd.ms-powerpoint" { return (.slides, "a slide deck (\(m))") }
            if m.contains("spreadsheet") || m == "application/vnd.ms-excel" || m == "text/csv" { return (.spreadsheet, "a spreadsheet (\(m))") }
            if m == "text/html" { return (.article, "a web page with a headline") }
            if x.textOrigin == .ocr { return (.scan, "no text layer: scanned pages, read by OCR") }
            if m == "text/plain", let text = x.text, text.count < 4000, let first = text.split(whereSeparator: \.isNewline).first,
               first.count < 150, !first.hasSuffix(".") {
                return (.article, "a short text with a headline")
            }
            return (.document, "a document (\(m))")
        case .archive: return (.other, "an archive (\(m))")
        case .other: return (.other, m)
        }
    }

    /// Rules fire on whole folded words; title and names count three times.
    static func topics(_ x: Input, taxonomy: Taxonomy) -> [TopicRecord] {
        // A photo's topics come from its caption, title, keywords and folder, never from the name a
        // camera gave it ("HMD_Nokia_8.3_5G.jpg" is not about digital infrastructure).
        // A picture has no text but its caption: the caption weighs as a title does.
        let names = x.kind == .image ? x.names.filter { !isCameraName($0, facts: x.facts) } : x.names
        let described = x.facts.filter { $0.key.hasSuffix("title") || $0.key.hasSuffix("description") || $0.key.hasSuffix("keywords") }
            .sorted { $0.key < $1.key }.map(\.value)
        let caption = x.kind == .image ? described : []
        let heading = Taxonomy.words(([x.title ?? ""] + names + caption).joined(separator: " "))
        let body = Taxonomy.words(([x.text ?? ""] + (x.kind == .image ? [] : described)).joined(separator: " "))
        func count(_ phrase: [String], in words: [String]) -> Int {
            guard !phrase.isEmpty, words.count >= phrase.count else { return 0 }
            var n = 0
            var i = 0
            while i <= words.count - phrase.count {
                if words[i] == phrase[0] && Array(words[i..<(i + phrase.count)]) == phrase { n += 1; i += phrase.count } else { i += 1 }
            }
            return n
        }
        func score(_ rule: Taxonomy.Rule) -> (Double, [String]) {
            var total = 0.0
            var fired: [String] = []
            for (i, p) in rule.phrases.enumerated() {
                let h = count(p, in: heading), b = count(p, in: body)
                guard h + b > 0 else { continue }
                total += Double(3 * h + min(b, 10)) * (i < rule.weights.count ? rule.weights[i] : 1)
                fired.append("\"\(p.joined(separator: " "))\" ×\(h + b)" + (h > 0 ? " (\(h) in the title or name)" : ""))
            }
            return (total, fired)
        }
        var out: [TopicRecord] = []
        for rule in taxonomy.topics {
            let (s, fired) = score(rule)
            if s >= rule.threshold {
                out.append(TopicRecord(topic: rule.name, kind: .topic, score: s,
                                       reason: fired.joined(separator: ", ") + String(format: "; score %.0f ≥ %.0f", s, rule.threshold)))
            }
        }
        for rule in taxonomy.events {
            let (s, fired) = score(rule)
            var reasons = fired
            var total = s
            if let taken = x.takenAt, let md = rule.monthDay, let days = daysFrom(taken, month: md.month, day: md.day), days <= rule.window {
                total += rule.threshold
                reasons.append("taken \(taken.prefix(10)), \(days) day(s) from \(md.day)/\(md.month)")
            }
            if total >= rule.threshold && !reasons.isEmpty {
                out.append(TopicRecord(topic: rule.name, kind: .event, score: total, reason: reasons.joined(separator: ", ")))
            }
        }
        return out
    }

    /// Days between a date ("2025-10-11…") and the given month/day of the same year (or the
    /// neighbouring ones, for a window across New Year).
    static func daysFrom(_ iso: String, month: Int, day: Int) -> Int? {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return (parts[0] - 1...parts[0] + 1).compactMap { year in
            calendar.date(from: DateComponents(year: year, month: month, day: day)).flatMap { calendar.dateComponents([.day], from: $0, to: date).day.map(abs) }
        }.min()
    }
}
