import Foundation
import KhoVocabulary

/// The title and visible words of a web page (a news article). Scripts, styles and comments are
/// dropped; nothing is executed or fetched. Written by hand because a news page's words need only
/// tag stripping and entity decoding; kho never renders HTML.
enum HTMLText {
    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        guard let data = FileManager.default.contents(atPath: path) else { return .failed("cannot read the file") }
        let (raw, note) = PlainText.decode([UInt8](data.prefix(limits.maxTextBytes * 4)))
        var e = Extraction()
        if let note { e.warn(note) }
        let (title, body) = visibleText(raw)
        e.title = title
        e.fact("html.title", title)
        if let published = HTMLDates.published(raw) {
            e.fact("html.published", published)
            e.takenAt = published
        }
        e.setText(body, limits: limits)
        return e
    }

    static func visibleText(_ html: String) -> (title: String?, body: String) {
        var s = html
        for pattern in ["(?is)<!--.*?-->", "(?is)<script\\b.*?</script\\s*>", "(?is)<style\\b.*?</style\\s*>",
                        "(?is)<noscript\\b.*?</noscript\\s*>", "(?is)<template\\b.*?</template\\s*>"] {
            s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        var title: String?
        if let r = s.range(of: "(?is)<title\\b[^>]*>(.*?)</title\\s*>", options: .regularExpression) {
            let inner = s[r].replacingOccurrences(of: "(?is)</?title\\b[^>]*>", with: "", options: .regularExpression)
            title = decodeEntities(inner).trimmingCharacters(in: .whitespacesAndNewlines)
            s.replaceSubrange(r, with: " ")
        }
        s = s.replacingOccurrences(of: "(?i)<(br|/p|/div|/h[1-6]|/li|/tr|/td|/th|/section|/article|/header|/footer|/blockquote)\\b[^>]*>",
                                   with: "\n", options: .regularExpression)
        s = s.replacingOccurrences(of: "(?s)<[^>]*>", with: " ", options: .regularExpression)
        s = decodeEntities(s)
        let lines = s.split(separator: "\n").map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ") }
        return (title?.isEmpty == true ? nil : title, lines.filter { !$0.isEmpty }.joined(separator: "\n"))
    }

    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–", "mdash": "—",
        "hellip": "…", "laquo": "«", "raquo": "»", "ldquo": "“", "rdquo": "”", "lsquo": "‘", "rsquo": "’", "copy": "©",
    ]

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(10).firstIndex(of: ";") {
                let name = after[..<semi]
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = named[String(name)]
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semi)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        return out + rest
    }
}
