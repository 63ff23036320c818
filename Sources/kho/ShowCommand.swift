import Foundation
import ArgumentParser
import KhoKit

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Everything kho knows about one item.",
        discussion: """
        Name the item by a digest prefix (4 or more hex characters, as `kho ls`
        prints them) or by the path it was ingested from. A refused file shows
        why it was refused.

          kho show 441daaea
          kho show inbox/VanPhong/anh-hoi-nghi.jpg --json
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A digest prefix or an ingested path.", valueName: "digest-or-path"))
    var reference: String

    func run() throws {
        let library = try global.openForReading()
        let object: ObjectRecord
        do {
            object = try library.resolve(reference)
        } catch {
            // Not in the catalogue: perhaps it was refused. Say so, and why.
            guard let refusal = try library.refusals(matching: reference).first else { throw KhoFailure(message: "\(error)", code: 1) }
            let first = refusal.record
            if global.json {
                Output.json(QuarantineJSON(first, storedAt: refusal.keptAt))
            } else {
                print("digest      \(first.digest)")
                print("QUARANTINED \(first.reason)")
                print("content     \(first.detectedMime)\(first.claimedMime.map { ", named as \($0)" } ?? "")")
                print("size        \(Output.bytes(first.size)) (\(first.size) bytes)")
                print("kept at     \(Output.display(refusal.keptAt)) (read-only; never served)")
                print("refused     \(Output.clock(first.at)) (run #\(first.runId)) from \(Output.display(first.path))")
            }
            return
        }
        let view = try library.item(object)
        let (details, storedAt, relatives, fingerprint) = (view.details, view.storedAt, view.relatives, view.fingerprint)
        let (topics, document, citations) = (view.topics.filter { $0.score >= 0 }, view.document, view.citations)
        if global.json {
            var item = ItemJSON(details, facts: view.facts, storedAt: storedAt)
            item.similar = relatives.map { .init(digest: $0.object.digest, kind: $0.object.kind, keeper: $0.keeper, distance: $0.distance, method: $0.method) }
            item.fingerprint = fingerprint.map { "\($0.method) \($0.status)" + ($0.note.map { ": \($0)" } ?? "") }
            item.content_type = object.contentType
            item.topics = topics
            item.document = document
            item.citations = citations
            item.previews = Dictionary(uniqueKeysWithValues: view.previews.map { (String($0.key.rawValue), $0.value) })
            Output.json(item)
            return
        }
        print("digest      \(object.digest)")
        print("kind        \(object.kind) (\(object.mime))")
        print("size        \(Output.bytes(object.size)) (\(object.size) bytes)")
        print("first seen  \(Output.clock(object.firstSeenAt)) (run #\(object.firstRunId))")
        if let title = object.title { print("title       \(title)") }
        if let taken = object.takenAt { print("taken       \(taken)") }
        if let status = object.extractStatus {
            print("extraction  \(status)\(object.extractNote.map { " — \($0)" } ?? "")")
        }
        print("stored at   \(Output.display(storedAt))")
        if let preview = view.previews[.large] { print("preview     \(Output.display(preview))") }
        if let damage = details.object.damage {
            print("DAMAGED     the stored copy is \(damage) (found by an audit) — run `kho repair`")
        }
        if let verified = details.object.lastVerifiedAt { print("verified    \(Output.clock(verified)) (last audit that re-read it)") }
        if !details.facts.isEmpty {
            print("facts")
            let width = details.facts.map { $0.key.count }.max() ?? 0
            for fact in details.facts { print("  \(Output.pad(fact.key, width))  \(fact.value)") }
        }
        if let text = details.text {
            let excerpt = text.body.prefix(400).split(whereSeparator: \.isNewline).joined(separator: " ")
            let ocr = text.origin != .ocr ? "" : object.kind == .image ? ", read by OCR (Tesseract) from the picture" : ", read by OCR (Tesseract) from page images"
            print("text        \(text.body.count) characters\(ocr)\(text.truncated ? " (cut at the size limit)" : "")\(text.pages.map { ", \($0) pages" } ?? "")")
            print("  \(excerpt)\(text.body.count > 400 ? "…" : "")")
        }
        if let type = object.contentType { print("type        \(type) (\(object.contentTypeReason ?? ""))") }
        for t in topics { print("\(t.kind == .event ? "event " : "topic ")      \(t.topic)\(t.origin == .manual ? " (set by hand)" : "")") }
        if let d = document {
            print("document    " + [d.docTypeName ?? d.docType, d.number.map { "số \($0)" }, d.date, d.place].compactMap { $0 }.joined(separator: " · "))
            if let issuer = d.issuer { print("  issued by \(issuer)") }
            if let signer = d.signer { print("  signed    \(signer)\(d.signerTitle.map { " (\($0))" } ?? "")") }
            if !d.recipients.isEmpty { print("  to        \(d.recipients.joined(separator: "; "))") }
        }
        if !citations.isEmpty { print("cites       \(citations.joined(separator: ", "))") }
        if let f = fingerprint {
            print("fingerprint \(f.method)" + (f.status == .ok ? "" : " \(f.status): \(f.note ?? "")"))
        }
        if !relatives.isEmpty {
            print("similar (\(relatives.count), marked by kho dedup)")
            for r in relatives {
                let how = r.method == .phash ? "\(Int(r.distance)) bits from the keeper" : String(format: "similarity %.2f to the keeper", 1 - r.distance)
                print("  \(r.object.digest.prefix(12))  \(Output.pad(r.object.kind.rawValue, 8)) \(r.keeper ? "the suggested keeper" : how)")
            }
        }
        print("sources (\(details.sources.count))")
        for s in details.sources {
            let unit = s.unit.map { "unit \(Output.name($0)), " } ?? ""
            let mismatch = s.extMismatch ? " — the name claims \(s.claimedMime ?? "another type")" : ""
            if RecoveredName.isRecovered(s.fileName) {
                print("  name and folder unknown: recovered from the store by kho recover (\(Output.localDay(s.ingestedAt)))")
            } else {
                print("  \(Output.display(s.path))")
                if let reading = s.nameReading { print("    the name is not UTF-8; read as Windows-1258 it says: \(reading)") }
            }
            print("    \(unit)ingested \(Output.clock(s.ingestedAt)) (run #\(s.runId)), modified \(Output.clock(s.mtime))\(mismatch)")
            if let tags = s.id.flatMap({ details.tags[$0] }), !tags.isEmpty { print("    tags: \(tags.map(Output.name).joined(separator: ", "))") }
        }
    }
}

/// The JSON shape of a refused file (`kho show --json` on a quarantined digest or path).
struct QuarantineJSON: Encodable {
    let digest: String, size: Int64, quarantined: Bool, reason: String, detected_mime: String
    let claimed_mime: String?, path: String, at: String, run_id: Int64, stored_at: String

    init(_ q: QuarantineRecord, storedAt: String) {
        digest = q.digest; size = q.size; quarantined = true; reason = q.reason; detected_mime = q.detectedMime
        claimed_mime = q.claimedMime; path = q.path; at = q.at; run_id = q.runId; stored_at = storedAt
    }
}

/// The JSON shape of one item (`kho show --json`, `kho ls --json`).
struct ItemJSON: Encodable {
    let digest: String
    let size: Int64
    let mime: String
    let kind: MediaKind
    let title: String?
    let first_seen_at: String
    let first_run_id: Int64
    let stored_at: String?
    let taken_at: String?
    let extract_status: Extraction.Status?
    let last_verified_at: String?
    let damage: Damage?
    let extract_note: String?
    let text_chars: Int?
    /// Numbers as JSON numbers, dates as ISO 8601, the rest as text.
    let facts: [String: FactValue]
    let sources: [SourceJSON]
    /// Members of its marked near-duplicate cluster (kho dedup --mark).
    var similar: [Relative] = []
    /// "phash ok", "phash refused: …".
    var fingerprint: String?
    var content_type: ContentType?
    var topics: [TopicRecord] = []
    var document: AdminDocument?
    var citations: [String] = []
    /// Preview files by size in pixels ("256", "1280"), when made (kho previews).
    var previews: [String: String] = [:]

    struct Relative: Encodable {
        let digest: String
        let kind: MediaKind
        let keeper: Bool
        let distance: Double
        let method: Fingerprint.Method
    }

    struct SourceJSON: Encodable {
        let path: String
        /// The path's bytes in hex, when they are not UTF-8 (`path` then shows each stray byte as U+10FFxx).
        var path_hex: String? = nil
        var name_reading: String? = nil
        let file_name: String
        let unit: String?
        let size: Int64
        let mtime: String
        let ingested_at: String
        let run_id: Int64
        let last_seen_at: String
        let claimed_mime: String?
        let ext_mismatch: Bool
        let tags: [String]

        init(_ s: SourceRecord, tags: [String]) {
            path = s.path; file_name = s.fileName; unit = s.unit; size = s.size; mtime = s.mtime; ingested_at = s.ingestedAt
            run_id = s.runId; last_seen_at = s.lastSeenAt; claimed_mime = s.claimedMime; ext_mismatch = s.extMismatch
            self.tags = tags
            if RawPath.hasStrayBytes(s.path) { path_hex = RawPath.bytes(s.path).map { String(format: "%02x", $0) }.joined() }
            name_reading = s.nameReading
        }
    }

    init(_ d: ObjectDetails, facts: [String: FactValue], storedAt: String?) {
        digest = d.object.digest; size = d.object.size; mime = d.object.mime; kind = d.object.kind
        title = d.object.title; first_seen_at = d.object.firstSeenAt; first_run_id = d.object.firstRunId
        stored_at = storedAt
        taken_at = d.object.takenAt; extract_status = d.object.extractStatus; extract_note = d.object.extractNote
        last_verified_at = d.object.lastVerifiedAt; damage = d.object.damage
        text_chars = d.text?.body.count
        self.facts = facts
        sources = d.sources.map { SourceJSON($0, tags: $0.id.flatMap { d.tags[$0] } ?? []) }
    }
}
