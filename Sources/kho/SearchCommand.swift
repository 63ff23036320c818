import ArgumentParser
import Foundation
import KhoCatalogue
import KhoKit

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find items by the words in them, their names and their metadata.",
        discussion: """
        Type Vietnamese with or without diacritics: `chuyen doi so` finds
        "chuyển đổi số"; a word typed with diacritics matches only that spelling
        (`bản` does not find "bàn"). All words must appear; results with the
        words side by side come first, and among them the spelling typed
        (`ban` lists "ban" before "bàn"). A query matching more than 1,000
        items ranks the 1,000 newest.

          kho search chuyen doi so
          kho search "đi từng ngõ"              a phrase
          kho search chuy*                      words starting with chuy
          kho search ke hoach NOT 2025          exclude a word (a OR b: either)
          kho search 68-KH/ĐU                   a document number as written
          kho search hoi nghi --kind image --taken-from 2026-10-01
          kho search podcast --unit VanPhong --json
          kho search bien ban --tag "hoi nghi 2026"   a watch-folder sub-folder
          kho search ke hoach --doctype KH --cites 57-NQ/TW
          kho search anh --type photo --event 10/10

        Exit status: 0 with results, 1 when nothing matched, 2 for a usage or
        repository error.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Words to look for.", valueName: "words"))
    var words: [String] = []

    @Option(help: ArgumentHelp("Only this kind: image, video, audio, document, archive, other.", valueName: "kind"))
    var kind: String?
    @Option(help: ArgumentHelp("Only this MIME type (application/pdf) or family (image/).", valueName: "type"))
    var mime: String?
    @Option(help: ArgumentHelp("Only items with a source from this unit.", valueName: "name"))
    var unit: String?
    @Option(help: ArgumentHelp("Only items from an inbox sub-folder of this name.", valueName: "tag"))
    var tag: String?
    @Option(help: ArgumentHelp("Content type: photo, graphic, scan, video, audio, slides, …", valueName: "type"))
    var type: String?
    @Option(help: ArgumentHelp("A topic (kho facets lists them), with or without diacritics.", valueName: "topic"))
    var topic: String?
    @Option(help: ArgumentHelp("An event day: 10/10, chuyen doi so quoc gia …", valueName: "event"))
    var event: String?
    @Option(help: ArgumentHelp("Administrative document type: KH, QĐ, NQ … or Kế hoạch.", valueName: "code"))
    var doctype: String?
    @Option(help: ArgumentHelp("Words of the issuing body: \"ban quan ly thai nguyen\".", valueName: "words"))
    var issuer: String?
    @Option(help: ArgumentHelp("Documents citing this number: 57-NQ/TW.", valueName: "number"))
    var cites: String?
    @Option(help: ArgumentHelp("Taken or created on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).", valueName: "date"))
    var takenFrom: String?
    @Option(help: ArgumentHelp("Taken or created on or before this date.", valueName: "date"))
    var takenTo: String?
    @Option(help: ArgumentHelp("Ingested on or after this date.", valueName: "date"))
    var ingestedFrom: String?
    @Option(help: ArgumentHelp("Ingested on or before this date.", valueName: "date"))
    var ingestedTo: String?
    @Option(name: [.customShort("n"), .customLong("limit")], help: "How many results at most.")
    var limit = 20

    func validate() throws {
        try KindFilter.validate(kind)
        for (name, value) in [("--taken-from", takenFrom), ("--taken-to", takenTo), ("--ingested-from", ingestedFrom), ("--ingested-to", ingestedTo)] {
            if let value, value.range(of: #"^\d{4}(-\d{2}(-\d{2})?)?$"#, options: .regularExpression) == nil {
                throw ValidationError("\(name) wants a date like 2026-10-10 (or 2026-10, or 2026), not '\(value)'")
            }
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if words.isEmpty && [kind, mime, unit, tag, type, topic, event, doctype, issuer, cites, takenFrom, takenTo, ingestedFrom, ingestedTo].allSatisfy({ $0 == nil }) {
            throw ValidationError("give words to look for, or a filter such as --cites 57-NQ/TW")
        }
    }

    struct Report: Encodable {
        struct Hit: Encodable {
            let digest: String, kind: String, mime: String, name: String, unit: String?, title: String?
            let taken_at: String?, first_seen_at: String, snippet: String, tier: Int, score: Double
            /// "corrupt" or "missing" when an audit found the stored bytes damaged.
            let damage: String?
            /// Near-duplicates of it not listed (a cluster marked by kho dedup --mark).
            let similar: Int
        }
        let query: String
        let results: [Hit]
    }

    /// "2026" → "2026-01-01" for lower bounds; "2026-10" → "2026-10-31" style upper bounds.
    static func lower(_ d: String?) -> String? {
        guard let d else { return nil }
        return d.count == 4 ? d + "-01-01" : d.count == 7 ? d + "-01" : d
    }

    static func upper(_ d: String?) -> String? {
        guard let d else { return nil }
        if d.count == 4 { return d + "-12-31" }
        if d.count == 7 {
            let parts = d.split(separator: "-").compactMap { Int($0) }
            let days = [31, (parts[0] % 4 == 0 && (parts[0] % 100 != 0 || parts[0] % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
            return d + "-" + String(days[max(0, min(11, parts[1] - 1))])
        }
        return d
    }

    func run() throws {
        let text = words.joined(separator: " ")
        let query: SearchQuery?
        do { query = words.isEmpty ? nil : try SearchQuery(parsing: text) } catch { throw KhoFailure(message: "\(error)", code: 2) }
        let repository = try global.openRepository(writable: false)
        var filters = SearchFilters()
        filters.kind = kind
        filters.mime = mime
        filters.unit = unit
        filters.tag = tag
        filters.contentType = type
        filters.topic = topic
        filters.event = event
        filters.docType = doctype
        filters.issuer = issuer
        filters.cites = cites
        filters.takenFrom = Self.lower(takenFrom)
        filters.takenTo = Self.upper(takenTo)
        filters.ingestedFrom = Self.lower(ingestedFrom)
        filters.ingestedTo = Self.upper(ingestedTo)
        filters.limit = limit
        // No words: the items the filters select, newest first.
        let hits = try query.map { try repository.catalogue.search($0, filters: filters) } ?? repository.catalogue.browse(filters: filters)
        if global.json {
            Output.json(Report(query: text, results: hits.map {
                .init(digest: $0.object.digest, kind: $0.object.kind, mime: $0.object.mime, name: $0.name, unit: $0.unit,
                      title: $0.object.title, taken_at: $0.takenAt, first_seen_at: $0.object.firstSeenAt,
                      snippet: $0.snippet, tier: $0.tier, score: $0.score, damage: $0.object.damage, similar: $0.similar)
            }))
        } else if hits.isEmpty {
            print("Nothing matches \"\(text)\". Try fewer words, or words without diacritics.")
        } else {
            for hit in hits {
                let date = String((hit.takenAt ?? hit.object.firstSeenAt).prefix(10))
                let title = hit.object.title.map { "  — \($0)" } ?? ""
                let similar = hit.similar > 0 ? "  (+\(hit.similar) similar)" : ""
                print("\(String(hit.object.digest.prefix(12)))  \(Output.pad(hit.object.kind, 8)) \(date)  \(hit.name)\(title)\(similar)")
                if let damage = hit.object.damage {
                    print("    DAMAGED: the stored copy is \(damage) — ask IT to run `kho repair`")
                }
                let snippet = hit.snippet.split(whereSeparator: \.isNewline).joined(separator: " ")
                if !snippet.isEmpty { print("    \(snippet)") }
            }
        }
        if hits.isEmpty { throw ExitCode(1) }
    }
}
