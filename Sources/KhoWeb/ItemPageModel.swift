import Foundation
import KhoKit

/// What an item's page shows, as the template's values: the facts a person reads first, the
/// document's fields, citations linked to the documents the library holds, topics with their
/// reasons, every source, near-duplicates with the keeper, and the audit's word.
struct ItemPageModel {
    let data: [String: Any]

    init(strings t: Strings, view: ItemView, citations: [(number: String, digest: String?)], editing csrf: String?) {
        let o = view.object
        let name = o.title ?? view.details.sources.last?.fileName ?? String(o.digest.prefix(12))
        var rows: [[String: String]] = [
            ["label": t["item_kind"], "value": t["kind_" + o.kind.rawValue]],
            ["label": t["item_mime"], "value": o.mime],
            ["label": t["item_size"], "value": Self.bytes(o.size, t)],
        ]
        if let type = o.contentType { rows.append(["label": t["item_content_type"], "value": t["type_" + type.rawValue]]) }
        if case .number(let seconds)? = view.facts["media.duration"] {
            rows.append(["label": t["item_duration"], "value": Self.duration(seconds)])
        }
        if let taken = o.takenAt { rows.append(["label": t["item_taken"], "value": WebDates.day(takenAt: taken, added: o.firstSeenAt)]) }
        rows.append(["label": t["item_ingested"], "value": Timestamp.localClock(o.firstSeenAt)])
        for (key, value) in view.facts.sorted(by: { $0.key < $1.key }).prefix(40) {
            rows.append(["label": key, "value": Self.text(value)])
        }
        rows.append(["label": t["item_digest"], "value": o.digest])
        var data: [String: Any] = [
            "digest": o.digest, "name": name, "rows": rows, "size": Self.bytes(o.size, t),
            "preview": view.previews[.large] != nil, "strip": view.strip != nil,
        ]
        if let d = view.document {
            let fields: [(String, String?)] = [("doc_type", d.docTypeName ?? d.docType), ("doc_number", d.number), ("doc_issuer", d.issuer),
                                               ("doc_date", d.date), ("doc_title", d.title), ("doc_signer", d.signer)]
            data["document"] = ["fields": fields.compactMap { key, value in value.map { ["label": t[key], "value": $0] } }]
        }
        let cited = citations.map { c -> [String: String] in
            var out = ["name": c.number]
            if let digest = c.digest { out["href"] = "/item/" + digest }
            return out
        }
        data["citations"] = cited
        data["has_citations"] = !cited.isEmpty
        let topics = view.topics.filter { $0.score >= 0 }.map { topic -> [String: String] in
            var out = ["name": topic.topic, "href": "/?" + (topic.kind == .event ? "event=" : "topic=") + Pages.queryEscaped(topic.topic)]
            if let reason = topic.reason { out["reason"] = reason }
            return out
        }
        data["topics"] = topics
        data["has_topics"] = !topics.isEmpty
        data["sources"] = view.details.sources.map { s -> [String: String] in
            var out = ["path": s.path, "date": Timestamp.localDay(s.ingestedAt)]
            if let unit = s.unit { out["unit"] = unit }
            return out
        }
        let relatives = view.relatives.map { r -> [String: Any] in
            ["digest": r.object.digest, "digest_short": String(r.object.digest.prefix(12)), "keeper": r.keeper]
        }
        data["relatives"] = relatives
        data["has_relatives"] = !relatives.isEmpty
        if let damage = o.damage {
            data["audit"] = t.format("item_damaged", ["what": damage.rawValue])
            data["audit_class"] = "bad"
        } else if let verified = o.lastVerifiedAt {
            data["audit"] = t.format("item_verified", ["when": Timestamp.localClock(verified)])
            data["audit_class"] = "good"
        } else {
            data["audit"] = t["item_never_verified"]
            data["audit_class"] = "muted"
        }
        if let body = view.details.text?.body, !body.isEmpty { data["text"] = String(body.prefix(2000)) }
        if let caption = view.caption, !caption.isEmpty { data["caption"] = caption }
        if let csrf { data["editing"] = Self.editing(t, view, csrf: csrf) }
        let edits = view.edits.map { e -> [String: String] in
            ["when": Timestamp.localClock(e.at), "who": e.by, "what": Self.describe(e, t)]
        }
        data["edits"] = edits
        data["has_edits"] = !edits.isEmpty
        self.data = data
    }

    /// The edit form's values: the current title (empty when none was set), type and topics.
    static func editing(_ t: Strings, _ view: ItemView, csrf: String) -> [String: Any] {
        let current = view.object.contentType?.rawValue
        return [
            "csrf": csrf, "title": view.object.title ?? "",
            "types": ContentTypes.all.map { ["value": $0, "label": t["type_" + $0], "selected": $0 == current] },
            "current_topics": view.topics.filter { $0.score >= 0 && $0.kind == .topic }.map {
                ["name": $0.topic, "key": $0.topic.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.topic]
            },
        ]
    }

    /// "Chủ đề: thêm “hội nghị”", "Loại nội dung: Ảnh chụp → Đồ họa".
    static func describe(_ e: EditRecord, _ t: Strings) -> String {
        let field = t["edit_field_" + e.field]
        func shown(_ v: String?) -> String {
            guard let v, !v.isEmpty else { return "—" }
            return e.field == "type" ? t["type_" + v] : "“\(v)”"
        }
        if e.field == "topic" {
            return e.oldValue == nil ? "\(field): \(t["edit_added"]) \(shown(e.newValue))" : "\(field): \(t["edit_removed"]) \(shown(e.oldValue))"
        }
        return "\(field): \(shown(e.oldValue)) → \(shown(e.newValue))"
    }

    /// "1:05:09", "3:27", "0:08".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let (h, m, r) = (s / 3600, s % 3600 / 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, r) : String(format: "%d:%02d", m, r)
    }

    static func text(_ value: FactValue) -> String {
        switch value {
        case .integer(let i): return String(i)
        case .number(let d): return String(format: "%g", d)
        case .text(let s): return s
        }
    }

    /// "2,4 MB" in Vietnamese (a decimal comma), "2.4 MB" in English.
    static func bytes(_ n: Int64, _ t: Strings) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var value = Double(n), unit = 0
        while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
        let shown = unit == 0 ? String(n) : String(format: "%.1f", value)
        return (t.language == .vi ? shown.replacingOccurrences(of: ".", with: ",") : shown) + " " + units[unit]
    }
}
