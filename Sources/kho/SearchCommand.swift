import ArgumentParser
import Foundation
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

        Matched words are shown in bold on a terminal, between [[ and ]]
        otherwise (and in --json). Dates are local (the system's time zone):
        --ingested-from 2026-12-01 means from midnight of 1 December there.
        A filter value kho has never seen (--unit, --type, --topic, --tag,
        --event, --doctype) is a usage error naming the nearest known value.

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
    @Option(help: ArgumentHelp("Taken or created on or after this date: 2026-10-10 or 10/10/2026 (or 2026-10, 2026).", valueName: "date"))
    var takenFrom: String?
    @Option(help: ArgumentHelp("Taken or created on or before this date.", valueName: "date"))
    var takenTo: String?
    @Option(help: ArgumentHelp("Ingested on or after this local day (the system's time zone).", valueName: "date"))
    var ingestedFrom: String?
    @Option(help: ArgumentHelp("Ingested on or before this local day.", valueName: "date"))
    var ingestedTo: String?
    @Option(name: [.customShort("n"), .customLong("limit")], help: "How many results at most.")
    var limit = 20

    /// What was asked, as plain values: the same request runs whether ArgumentParser read the
    /// command line or SearchRequest.fastPath did.
    var request: SearchRequest {
        SearchRequest(words: words, kind: kind, mime: mime, unit: unit, tag: tag, type: type, topic: topic, event: event,
                      doctype: doctype, issuer: issuer, cites: cites, takenFrom: takenFrom, takenTo: takenTo,
                      ingestedFrom: ingestedFrom, ingestedTo: ingestedTo, limit: limit, repo: global.repo, json: global.json)
    }

    func validate() throws { try request.validate() }

    func run() throws { try request.run() }
}

/// One search, from the command line: `kho search` runs it.
struct SearchRequest: Equatable {
    var words: [String] = []
    var kind, mime, unit, tag, type, topic, event, doctype, issuer, cites: String?
    var takenFrom, takenTo, ingestedFrom, ingestedTo: String?
    var limit = 20
    var repo: String?
    var json = false

    func validate() throws {
        try KindFilter.validate(kind)
        for (name, value) in [("--taken-from", takenFrom), ("--taken-to", takenTo), ("--ingested-from", ingestedFrom), ("--ingested-to", ingestedTo)] {
            if let value { do { _ = try DateArgument(parsing: value, option: name) } catch { throw ValidationError("\(error)") } }
        }
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if words.isEmpty && given.isEmpty {
            throw ValidationError("give words to look for, or a filter such as --cites 57-NQ/TW")
        }
    }

    /// The filters given, as typed ("--unit VanPhong"), for messages.
    var given: [String] {
        [("--kind", kind), ("--mime", mime), ("--unit", unit), ("--tag", tag), ("--type", type), ("--topic", topic), ("--event", event),
         ("--doctype", doctype), ("--issuer", issuer), ("--cites", cites), ("--taken-from", takenFrom), ("--taken-to", takenTo),
         ("--ingested-from", ingestedFrom), ("--ingested-to", ingestedTo)]
            .compactMap { name, value in value.map { "\(name) \($0.contains(" ") ? "\"\($0)\"" : $0)" } }
    }

    struct Report: Encodable {
        struct Hit: Encodable {
            let digest: String, kind: MediaKind, mime: String, name: String, unit: String?, title: String?
            let taken_at: String?, first_seen_at: String
            /// Matched words between "[[" and "]]".
            let snippet: String
            let tier: Int, score: Double
            /// "corrupt" or "missing" when an audit found the stored bytes damaged.
            let damage: Damage?
            /// Near-duplicates of it not listed (a cluster marked by kho dedup --mark).
            let similar: Int
        }
        let query: String
        let filters: [String]
        /// Every item matching; `ranked` of them were ranked (the newest, when there are very many).
        let matched: Int
        /// True when `matched` is estimated (more matched than were ranked).
        let matched_estimated: Bool
        let ranked: Int
        let results: [Hit]
    }

    func run() throws {
        let text = words.joined(separator: " ")
        do { if !words.isEmpty { try Library.checkQuery(text) } } catch { throw KhoFailure(message: "\(error)", code: 2) }
        let library = try GlobalOptions.openForReading(repo: repo)
        var filters = SearchFilters()
        filters.kind = kind
        filters.mime = mime
        filters.unit = unit  // a folder name from [units] means its unit (Library.check)
        filters.tag = tag
        filters.contentType = type
        filters.topic = topic
        filters.event = event
        filters.docType = doctype
        filters.issuer = issuer
        filters.cites = cites
        let dates = try [takenFrom, takenTo, ingestedFrom, ingestedTo].map { try $0.map { try DateArgument(parsing: $0, option: "date") } }
        filters.takenFrom = dates[0]?.firstDay
        filters.takenTo = dates[1]?.lastDay
        filters.ingestedFrom = dates[2]?.start
        filters.ingestedBefore = dates[3]?.end
        filters.limit = limit
        do {
            try library.check(&filters)
        } catch let failure as FilterFailure {
            throw KhoFailure(message: failure.description, code: 2)
        }
        // No words: the items the filters select, newest first.
        let page = try library.search(words.isEmpty ? "" : text, filters: filters)
        let hits = page.hits
        if json {
            Output.json(Report(query: text, filters: given, matched: page.matched, matched_estimated: page.estimated, ranked: page.ranked, results: hits.map {
                .init(digest: $0.object.digest, kind: $0.object.kind, mime: $0.object.mime, name: $0.name, unit: $0.unit,
                      title: $0.object.title, taken_at: $0.takenAt, first_seen_at: $0.object.firstSeenAt,
                      snippet: Snippet.render($0.snippet, open: "[[", close: "]]"), tier: $0.tier, score: $0.score,
                      damage: $0.object.damage, similar: $0.similar)
            }))
        } else if hits.isEmpty {
            if words.isEmpty {
                print("Nothing matches these filters (\(given.joined(separator: ", "))).")
            } else {
                print("Nothing matches \"\(text)\"\(given.isEmpty ? "" : " with " + given.joined(separator: ", ")). Try fewer words, or words without diacritics.")
            }
        } else {
            let bold = Output.stdoutIsTerminal
            print("DIGEST        KIND     \(Output.pad(hits.contains { $0.takenAt != nil } ? "TAKEN*" : "INGESTED", 10))  NAME")
            for hit in hits {
                let date = hit.takenAt.map { Output.day($0) + "*" } ?? Output.localDay(hit.object.firstSeenAt)
                let title = hit.object.title.map { "  — \($0)" } ?? ""
                let similar = hit.similar > 0 ? "  (+\(hit.similar) similar)" : ""
                print("\(String(hit.object.digest.prefix(12)))  \(Output.pad(hit.object.kind.rawValue, 8)) \(Output.pad(date, 11)) \(Output.name(hit.name))\(title)\(similar)")
                if let damage = hit.object.damage {
                    print("    DAMAGED: the stored copy is \(damage) — ask IT to run `kho repair`")
                }
                let snippet = hit.snippet.split(whereSeparator: \.isNewline).joined(separator: " ")
                if !snippet.isEmpty {
                    print("    " + Snippet.render(Output.escaped(snippet, keeping: [Snippet.open, Snippet.close]),
                                                  open: bold ? "\u{1B}[1;33m" : "[[", close: bold ? "\u{1B}[0m" : "]]"))
                }
            }
            let dated = hits.contains { $0.takenAt != nil } ? "Dates marked * are when a photo or document was taken or made; the others when it was ingested. " : ""
            if page.matched > hits.count {
                let ranked = page.ranked < page.matched ? "the newest \(Output.count(page.ranked)) of " : ""
                let matched = page.estimated ? "about \(Output.count(Output.roughly(page.matched)))" : Output.count(page.matched)
                print("\(dated)Showing \(hits.count) of \(ranked)\(matched) matches"
                      + (page.ranked < page.matched ? " (add words or a filter to narrow them)." : "; more with -n."))
            } else if !dated.isEmpty {
                print(dated.trimmingCharacters(in: .whitespaces))
            }
        }
        if hits.isEmpty { throw ExitCode(1) }
    }
}
