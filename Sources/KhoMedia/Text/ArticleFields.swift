import Foundation
import KhoVocabulary

/// News articles — their dateline and byline — and the issuing body printed in an administrative
/// document's header, whatever format the text came from.
extension AdminDocumentParser {
    /// A news article's fields: the date (and place) from its dateline, the author or source from
    /// its byline; never a number or a signer.
    static func article(_ lines: [String], doc: AdminDocument) -> AdminDocument? {
        var doc = doc
        doc.docType = "Tin bài"
        doc.docTypeName = "Tin bài"
        for line in lines.prefix(5) {
            guard let (printed, iso) = datelineDate(line) else { continue }
            doc.date = printed
            doc.isoDate = iso
            break
        }
        doc.place = lines.prefix(5).lazy.compactMap(datelinePlace).first
        if let byline = byline(lines) {
            doc.issuer = byline.name
            if doc.place == nil, !byline.isPerson {
                doc.place = firstMatch(#"(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố)\s+(.+)$"#, in: byline.name)
            }
        }
        return doc
    }

    /// Whether a text reads as a news article: a dateline or a byline, and none of the marks of an
    /// administrative document (number, heading, national motto, "Kính gửi", "Nơi nhận").
    public static func looksLikeArticle(_ text: String) -> Bool {
        let lines = flatten(text)
        guard !lines.isEmpty else { return false }
        let head = lines.prefix(15)
        let headings = Set(AdminDocument.typeCodes.values.map { $0.uppercased() })
        if head.contains(where: { $0.hasPrefix("Số:") || $0.hasPrefix("Số :") || headings.contains($0) || $0.hasPrefix("CỘNG HÒA XÃ HỘI") })
            || lines.contains(where: { $0.hasPrefix("Kính gửi") || $0.hasPrefix("Nơi nhận") }) {
            return false
        }
        return lines.prefix(5).contains { datelineDate($0) != nil } || byline(lines)?.explicit == true
    }

    /// A full date on a dateline: "16/03/2026", "5/5/2026", "ngày 12 tháng 5 năm 2026"; as printed and ISO.
    static func datelineDate(_ line: String) -> (String, String)? {
        if let m = firstMatches(#"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"#, in: line), m.count == 3,
           let d = Int(m[0]), let mo = Int(m[1]), (1...31).contains(d), (1...12).contains(mo) {
            return ("\(m[0])/\(m[1])/\(m[2])", String(format: "%@-%02d-%02d", m[2], mo, d))
        }
        if let m = firstMatches(#"(?i)\b(ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}))"#, in: line), m.count == 4,
           let d = Int(m[1]), let mo = Int(m[2]), (1...31).contains(d), (1...12).contains(mo) {
            return (m[0], String(format: "%@-%02d-%02d", m[3], mo, d))
        }
        return nil
    }

    /// The place a dateline opens with: "Hải Phòng – Sáng 5/5, …", "THÁI NGUYÊN – Ngày …",
    /// "Nam Cường, 3/3/2026". A place is a few words, each capitalised (a category such as
    /// "Thời sự" or "Bản tin …" is not), no weekday, and a dash after it leads into the text.
    static func datelinePlace(_ line: String) -> String? {
        guard let m = firstMatches(#"^\(?([\p{L} ]{2,40}?)\)?\s*(?:([–—-])\s|,\s*(?:ngày\s+)?\d)"#, in: line), let raw = m.first else { return nil }
        // "Kinh Tế – 20/10/2026", "Thời Sự - Thứ Hai, 16/03/2026 08:30": a site's category over its
        // date, nothing after. A place before a dash opens the lead ("Hải Phòng – Sáng 5/5, Ban …").
        if m.count > 1, let dash = line.range(of: #"\s[–—-]\s"#, options: .regularExpression) {
            let rest = line[dash.upperBound...].replacingOccurrences(
                of: #"(?i)(thứ\s+(hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|\d{1,2}/\d{1,2}(/\d{4})?|\d{1,2}:\d{2}|\(?gmt\s*[+-]\s*\d+\)?|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})"#,
                with: "", options: .regularExpression)
            if !rest.contains(where: \.isLetter) { return nil }
        }
        let words = raw.split(separator: " ")
        guard (1...4).contains(words.count), words.allSatisfy({ $0.first?.isUppercase == true }) else { return nil }
        let name = words.map { w in w.count > 1 && w == w.uppercased() ? w.prefix(1) + w.dropFirst().lowercased() : Substring(w) }.joined(separator: " ")
        if name.hasPrefix("Thứ ") || name.hasPrefix("Chủ Nhật") { return nil }
        return name
    }

    /// The byline, from the last two lines or the first three: "Phóng viên Minh Anh", "Tác giả:
    /// …", "Tin, ảnh: …", "Theo Báo …", "Nguồn: …", or an office's name alone on the last line.
    static func byline(_ lines: [String]) -> (name: String, isPerson: Bool, explicit: Bool)? {
        let authors = #"^(?:Phóng viên|Nhóm phóng viên|PV|CTV|Tác giả|Tin,?\s*ảnh|Tin và ảnh|Bài,?\s*ảnh|Bài và ảnh|Bài)\s*:?\s+(.+)$"#
        let sources = #"^\(?(?:Theo|Nguồn\s*:)\s+(.+?)\)?$"#
        let candidates = Array(lines.suffix(2).reversed()) + Array(lines.prefix(3))
        for line in candidates {
            let clean = line.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
            if let name = firstMatch(authors, in: clean), name.split(separator: " ").count <= 6 { return (collapse(name), true, true) }
            if let name = firstMatch(sources, in: clean), name.split(separator: " ").count <= 12 { return (collapse(name), false, true) }
        }
        if let last = lines.last, last.split(separator: " ").count <= 12, !last.hasSuffix("."), last.first?.isUppercase == true,
           datelineDate(last) == nil {
            return (collapse(last), isName(last), false)
        }
        return nil
    }

    /// The issuing body from the header's two lines: the parent above the issuing body
    /// ("UBND TỈNH THÁI NGUYÊN" over "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP"), or one body over two lines
    /// ("ỦY BAN NHÂN DÂN" over "XÃ NAM CƯỜNG"); written as a name is written, not in capitals.
    static func headerIssuer(_ lines: [String]) -> String? {
        let head = Array(lines.prefix(12))
        guard let motto = head.firstIndex(where: { $0.hasPrefix("CỘNG HÒA XÃ HỘI") || $0.hasPrefix("CỘNG HOÀ XÃ HỘI") }) else { return nil }
        func isHeaderLine(_ s: String) -> Bool { isCapacityLine(s) && !s.hasPrefix("Số") && !s.allSatisfy { "-_*".contains($0) || $0 == " " } }
        var header = head[..<motto].filter(isHeaderLine)
        if header.isEmpty {
            // The right-hand column first: the body follows the motto and its slogan.
            header = head[(motto + 1)...].drop { !isHeaderLine($0) || $0.hasPrefix("ĐỘC LẬP") }.prefix { isHeaderLine($0) }.map { $0 }
        }
        guard let body = header.count >= 2 ? header[header.startIndex + 1] : header.first else { return nil }
        let parent = header.count >= 2 ? header[header.startIndex] : nil
        let levels = #"^(?:XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TỈNH)\b"#
        let placeInName = #"\b(?:XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TỈNH)\b"#
        var name: String
        if let parent, matches(levels, body) {
            name = parent + " " + body
        } else if let parent, !matches(placeInName, expandCapitals(body)),
                  let at = expandCapitals(parent).range(of: placeInName, options: .regularExpression) {
            name = body + " " + expandCapitals(parent)[at.lowerBound...]
        } else {
            name = body
        }
        return nameCase(expandCapitals(collapse(name)))
    }

    /// Abbreviations in capitals written out: UBND, HĐND, TP., KCN.
    static func expandCapitals(_ s: String) -> String {
        var out = s
        for (short, long) in [("UBND", "ỦY BAN NHÂN DÂN"), ("HĐND", "HỘI ĐỒNG NHÂN DÂN"), ("KCN", "KHU CÔNG NGHIỆP"), ("TP\\.", "THÀNH PHỐ ")] {
            out = out.replacingOccurrences(of: #"\b\#(short)\s*"#, with: long + " ", options: .regularExpression)
        }
        return collapse(out)
    }

    /// "BAN QUẢN LÝ KHU KINH TẾ THÀNH PHỐ HẢI PHÒNG" → "Ban Quản lý Khu kinh tế thành phố Hải Phòng":
    /// lower case, the usual names of bodies as they are written, and the place after its level.
    static func nameCase(_ capitals: String) -> String {
        var s = capitals.lowercased()
        for (lower, written) in [("ủy ban nhân dân", "Ủy ban nhân dân"), ("uỷ ban nhân dân", "Uỷ ban nhân dân"),
                                 ("hội đồng nhân dân", "Hội đồng nhân dân"), ("ban quản lý", "Ban Quản lý"), ("khu kinh tế", "Khu kinh tế"),
                                 ("ban thường vụ", "Ban Thường vụ"), ("đảng ủy", "Đảng ủy"), ("văn phòng", "Văn phòng"), ("trung tâm", "Trung tâm")] {
            s = s.replacingOccurrences(of: lower, with: written)
        }
        var words = s.split(separator: " ").map(String.init)
        func capitalised(_ w: String) -> String { w.prefix(1).uppercased() + w.dropFirst() }
        if let first = words.first { words[0] = capitalised(first) }
        // A department's own name: "Sở khoa học và công nghệ" → "Sở Khoa học và Công nghệ".
        if words.first == "Sở" || words.first == "Phòng" {
            var i = 1
            while i < words.count, !["tỉnh", "thành", "huyện", "quận", "xã", "phường", "thị"].contains(words[i]) {
                if i == 1 || words[i - 1] == "và" { words[i] = capitalised(words[i]) }
                i += 1
            }
        }
        // The place after its level word, every word capitalised.
        let levels = ["tỉnh", "xã", "phường", "huyện", "quận"]
        var i = 0
        while i < words.count {
            let two = i + 1 < words.count ? words[i] + " " + words[i + 1] : ""
            let step = levels.contains(words[i]) ? 1 : ["thành phố", "thị trấn", "thị xã"].contains(two) ? 2 : 0
            if step > 0 {
                for j in (i + step)..<words.count { words[j] = capitalised(words[j]) }
                break
            }
            i += 1
        }
        return words.joined(separator: " ")
    }
}
