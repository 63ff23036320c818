import Foundation
import KhoVocabulary

public enum AdminDocumentParser {
    /// Reads an administrative document (or a news article, slide deck or annex about one) from its
    /// text; nil when the text has none of the marks of one. `kind` says what sort of file it is.
    public static func parse(_ text: String, title fileTitle: String? = nil, kind: Kind = .document) -> AdminDocument? {
        let lines = flatten(text)
        guard !lines.isEmpty else { return nil }
        var doc = AdminDocument()
        doc.citations = citations(in: text)
        switch kind {
        case .article: return article(lines, doc: doc)
        case .slides: return slides(lines, fileTitle: fileTitle, doc: doc)
        case .document: break
        }
        let head = Array(lines.prefix(40))
        if let line = head.first(where: { $0.hasPrefix("Số:") || $0.hasPrefix("Số :") }) {
            doc.number = firstMatch(#"^Số\s*:\s*([0-9]*\s*[/-]\s*[\p{L}\p{N}&]+(?:[/-][\p{L}\p{N}&]+)*)"#, in: line).map(collapse)
        }
        if let line = head.first(where: { matches(#",\s*ngày\b"#, $0) }) {
            var place = line.components(separatedBy: ",")[0]
            // OCR may put the number and the place on one line: "Số: /KH-BQL Thái Nguyên, ngày …".
            if let number = doc.number, let at = place.range(of: number) { place = String(place[at.upperBound...]) }
            doc.place = collapse(place)
            doc.date = firstMatch(#"(ngày.*?năm\s*\d{4})"#, in: line).map(collapse)
        }
        // The type: the heading (KẾ HOẠCH, QUYẾT ĐỊNH …) decides; the code in the number confirms.
        var headingIndex: Int?
        for (i, line) in head.enumerated() {
            if let code = AdminDocument.typeCodes.first(where: { $0.value.uppercased() == line })?.key {
                doc.docType = code
                headingIndex = i
                break
            }
        }
        if doc.docType == nil, let number = doc.number {
            let code = firstMatch(#"^[0-9]*-([\p{L}]+)/"#, in: number) ?? firstMatch(#"/([\p{L}]+)-"#, in: number)
            if let code, AdminDocument.typeCodes[code] != nil { doc.docType = code }
        }
        // An official letter (công văn) has no type in its number ("87/UBND-VP"), but a subject
        // line ("V/v …") and an addressee ("Kính gửi: …").
        var subject: String?
        if doc.docType == nil, headingIndex == nil, doc.number != nil,
           let v = head.firstIndex(where: { matches(#"^(?:V/v|V/V|Về việc)\b"#, $0) }) ?? (head.contains { $0.hasPrefix("Kính gửi") } ? -1 : nil) {
            doc.docType = "CV"
            if v >= 0 {
                var parts = [head[v]]
                for line in head[(v + 1)...] {
                    if line.hasPrefix("Kính gửi") || matches(#"^(Căn cứ|Thực hiện|\d+\.)"#, line) || parts.count >= 3 { break }
                    parts.append(line)
                }
                subject = collapse(parts.joined(separator: " "))
            }
        }
        // An annex carries its parent's number and date: "(Ban hành kèm theo Kế hoạch số /KH-BQL ngày /01/2026 của …)".
        if let annex = lines.prefix(6).first(where: { $0.hasPrefix("Phụ lục") }),
           let parent = lines.prefix(10).first(where: { $0.contains("kèm theo") }) {
            doc.docType = "Phụ lục"
            doc.docTypeName = "Phụ lục"
            doc.title = collapse(annex.trimmingCharacters(in: CharacterSet(charactersIn: ":")))
            doc.number = firstMatch(#"số\s+([0-9]*\s*[/-]\s*[\p{L}\p{N}&]+(?:[/-][\p{L}\p{N}&]+)*)"#, in: parent).map(collapse)
            doc.date = firstMatch(#"(ngày\s+[0-9/ ]*\d{4})"#, in: parent).map(collapse)
            doc.issuer = firstMatch(#"của\s+(.+?)\)?$"#, in: parent).map { expand(collapse($0)) }
            doc.isoDate = isoDate(doc.date)
            return doc
        }
        guard doc.number != nil || headingIndex != nil else { return nil }
        if let code = doc.docType { doc.docTypeName = AdminDocument.typeCodes[code] }
        doc.isoDate = isoDate(doc.date)
        if let h = headingIndex {
            var titleLines: [String] = []
            for line in lines[(h + 1)...] {
                if matches(#"^(Căn cứ|Thực hiện|Để|Theo|Kính gửi|I\.|1\.|Điều 1|_{3,}|-{3,})"#, line) { break }
                titleLines.append(line)
                if titleLines.count >= 6 { break }
            }
            doc.title = titleLines.isEmpty ? nil : collapse(titleLines.joined(separator: " "))
        }
        if doc.title == nil { doc.title = subject }
        doc.issuer = issuer(in: lines, typeName: doc.docTypeName) ?? headerIssuer(lines)
        (doc.recipients, doc.signerTitle, doc.signer) = signature(lines)
        return doc
    }

    public enum Kind: Sendable { case document, article, slides }

    // MARK: Parts

    /// Who issued it, from the sentence that says so: "…, Ban Quản lý … (sau đây gọi tắt là Ban) ban hành Kế hoạch …".
    static func issuer(in lines: [String], typeName: String?) -> String? {
        let verbs = #"(?:ban hành|xây dựng)\s+(?:\#(typeName ?? "Kế hoạch")|Kế hoạch|Quyết định|Chương trình|Hướng dẫn)"#
        // Lines joined: a PDF's or a scan's lines break inside the name.
        let line = lines.prefix(60).joined(separator: " ")
        guard let range = line.range(of: verbs, options: .regularExpression) else { return nil }
        var before = String(line[..<range.lowerBound])
        // Drop a parenthesis such as "(sau đây gọi tắt là Ban)" or "(Ban Quản lý)".
        before = before.replacingOccurrences(of: #"\s*\([^)]*\)\s*$"#, with: "", options: .regularExpression)
        if let comma = before.lastIndex(where: { ",;:.".contains($0) }) {
            before = String(before[before.index(after: comma)...])
        }
        let name = collapse(before)
        if !name.isEmpty && name.split(separator: " ").count <= 14 { return expand(name) }
        return nil
    }

    /// Recipients after "Nơi nhận:", then the signer's capacity lines and name.
    static func signature(_ lines: [String]) -> ([String], String?, String?) {
        guard let start = lines.lastIndex(where: { $0.hasPrefix("Nơi nhận") }) else { return ([], nil, nil) }
        var recipients: [String] = []
        var i = start + 1
        var current: String?
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix("-") {
                if let c = current { recipients.append(c) }
                current = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
            } else if current != nil, !isCapacityLine(line), !(current!.hasSuffix(";") || current!.hasSuffix(",") || current!.hasSuffix(".")) {
                current! += " " + line  // a recipient wrapped onto the next line
            } else {
                break
            }
            i += 1
        }
        if let c = current { recipients.append(c) }
        recipients = recipients.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ";,. ")) }
        var capacity: [String] = []
        while i < lines.count, isCapacityLine(lines[i]) {
            capacity.append(collapse(lines[i]))
            i += 1
        }
        var signer: String?
        if i < lines.count, isName(lines[i]) { signer = collapse(lines[i]) }
        return (recipients, capacity.isEmpty ? nil : capacity.joined(separator: " / "), signer)
    }

    static func isCapacityLine(_ line: String) -> Bool {
        let letters = line.filter(\.isLetter)
        return !letters.isEmpty && letters == letters.uppercased() && line.count <= 60
    }

    static func isName(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        return (2...5).contains(words.count) && words.allSatisfy { $0.first?.isUppercase == true } && !isCapacityLine(line)
    }

    /// A slide deck about a document: the issuer from its title ("… – Ban Quản lý Khu kinh tế Hải Phòng").
    static func slides(_ lines: [String], fileTitle: String?, doc: AdminDocument) -> AdminDocument? {
        var doc = doc
        doc.docType = "Trình chiếu"
        doc.docTypeName = "Trình chiếu"
        let title = fileTitle ?? lines.first ?? ""
        if let dash = title.range(of: #"\s[–-]\s"#, options: [.regularExpression, .backwards]) {
            doc.issuer = collapse(String(title[dash.upperBound...]))
        }
        return doc
    }

    /// Documents cited: a type name, optional "số", a number and symbol.
    public static func citations(in text: String) -> [String] {
        let pattern = #"(?:Nghị quyết|Nghị định|Quyết định|Kế hoạch(?: hành động)?|Đề án|Chương trình|Chỉ thị|Thông tư|Công văn|Hướng dẫn|Kết luận|Luật|Thông báo|Quy định)\s+(?:số\s+)?(\d+(?:/\d{4})?\s*[-/]\s*[\p{L}][\p{L}\p{N}]*(?:[-/][\p{L}\p{N}]+)*)"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        var found: [String] = []
        var seen = Set<String>()
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let cited = ns.substring(with: m.range(at: 1)).replacingOccurrences(of: #"\s"#, with: "", options: .regularExpression)
            if seen.insert(cited).inserted { found.append(cited) }
        }
        return found
    }

    // MARK: Helpers

    /// Lines, trimmed, blank ones dropped; a table as antiword draws it (|cell|cell|) read column by
    /// column, so a signature block set beside the recipients comes after them.
    static func flatten(_ text: String) -> [String] {
        var out: [String] = []
        var table: [[String]] = []
        func flushTable() {
            guard !table.isEmpty else { return }
            let columns = table.map(\.count).max() ?? 0
            for c in 0..<columns { for row in table where c < row.count && !row[c].isEmpty { out.append(row[c]) } }
            table = []
        }
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("|") {
                table.append(line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
                continue
            }
            flushTable()
            if !line.isEmpty { out.append(line) }
        }
        flushTable()
        return out
    }

    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The usual abbreviations of issuing bodies, written out.
    static func expand(_ s: String) -> String {
        var out = s
        for (short, long) in [("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"), ("KCN", "khu công nghiệp"), ("KKT", "Khu kinh tế")] {
            out = out.replacingOccurrences(of: #"\b\#(short)\b"#, with: long, options: .regularExpression)
        }
        return out
    }

    static func isoDate(_ printed: String?) -> String? {
        guard let printed else { return nil }
        if let m = firstMatches(#"(\d{1,2})/(\d{1,2})/(\d{4})"#, in: printed), m.count == 3 {
            return String(format: "%@-%02d-%02d", m[2], Int(m[1]) ?? 0, Int(m[0]) ?? 0)
        }
        let year = firstMatch(#"(\d{4})\s*$"#, in: printed)
        let month = firstMatch(#"tháng\s+(\d{1,2})"#, in: printed).flatMap(Int.init) ?? firstMatch(#"/(\d{1,2})/\d{4}"#, in: printed).flatMap(Int.init)
        let day = firstMatch(#"ngày\s+(\d{1,2})"#, in: printed).flatMap(Int.init)
        guard let year else { return nil }
        guard let month else { return year }
        guard let day else { return String(format: "%@-%02d", year, month) }
        return String(format: "%@-%02d-%02d", year, month, day)
    }

    /// The first capture group of the first match.
    static func firstMatch(_ pattern: String, in s: String) -> String? {
        firstMatches(pattern, in: s)?.first
    }

    static func matches(_ pattern: String, _ s: String) -> Bool {
        s.range(of: pattern, options: .regularExpression) != nil
    }

    static func firstMatches(_ pattern: String, in s: String) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: s, range: NSRange(location: 0, length: (s as NSString).length)) else { return nil }
        guard m.numberOfRanges > 1 else { return [] }
        return (1..<m.numberOfRanges).compactMap { i in
            m.range(at: i).location == NSNotFound ? nil : (s as NSString).substring(with: m.range(at: i))
        }
    }
}
