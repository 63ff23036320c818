import ArgumentParser
import Foundation
import KhoKit

struct ClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify items again, or explain why an item got its type and topics.",
        discussion: """
        Every item is classified as it comes in: its content type (photo, graphic,
        scan, video, audio, slides, spreadsheet, article, administrative,
        document, other), its topics and event days (rules in kho.toml), and for
        administrative documents their number, type, issuer, date, signer and the
        documents they cite. After editing the rules in REPO/kho.toml:

          kho classify --all              apply the rules again to every item
          kho classify                    only items never classified
          kho classify --explain 3fa9c1   which rules fired, and why

        Values and topics set by hand (kho set, kho tag) are never overwritten.
        """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Every item, not only those never classified.")
    var all = false

    @Option(help: ArgumentHelp("Show the reasoning for one item (digest prefix or path).", valueName: "item"))
    var explain: String?

    func run() throws {
        if let explain {
            let library = try global.openForReading()
            let object = try library.resolve(explain)
            let fresh: ClassificationRecord
            do { fresh = try library.explainClassification(of: object) } catch { throw KhoFailure.repository(error) }
            let stored = try library.topics(of: object)
            if global.json {
                struct Explanation: Encodable { let digest: String; let content_type: ContentType; let reason: String; let rules: [TopicRecord]; let manual: [TopicRecord] }
                Output.json(Explanation(digest: object.digest, content_type: fresh.contentType, reason: fresh.reason, rules: fresh.topics,
                                        manual: stored.filter { $0.origin == .manual }))
                return
            }
            print("\(object.digest.prefix(12))  type \(fresh.contentType): \(fresh.reason)")
            if fresh.topics.isEmpty { print("  no topic rule reached its threshold") }
            for t in fresh.topics { print("  \(t.kind) \(t.topic): \(t.reason ?? "")") }
            for t in stored where t.origin == .manual { print("  \(t.score < 0 ? "removed" : "added") by hand: \(t.topic)") }
            if let d = fresh.document {
                print("  document: \([d.docTypeName, d.number.map { "số \($0)" }, d.issuer, d.date].compactMap { $0 }.joined(separator: " · "))")
            }
            return
        }
        let library = try global.openForWriting(changingStore: false)
        let counts: [String: Int]
        do { counts = try library.classify(all: all) } catch { throw KhoFailure.repository(error) }
        if global.json { Output.json(counts); return }
        let total = counts.values.reduce(0, +)
        print("Classified \(total) item(s)" + (counts.isEmpty ? "." : ": " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")))
    }
}

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Add or remove topics by hand: kho tag ITEM +topic -topic.",
        discussion: """
          kho tag 3fa9c1 +"chuyển đổi số" -"hạ tầng số"
          kho tag 3fa9c1 +"chuyen doi so"      the same topic, typed without diacritics

        A topic set or removed by hand stays so when the rules run again. A name
        the library already knows, whatever its case or diacritics, is that
        topic; a new one is said to be new.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The item (digest prefix or path).", valueName: "item"))
    var item: String

    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("+topic to add, -topic to remove.", valueName: "±topic"))
    var changes: [String] = []

    func validate() throws {
        if changes.isEmpty || changes.contains(where: { !$0.hasPrefix("+") && !$0.hasPrefix("-") }) {
            throw ValidationError("give topics as +topic (add) or -topic (remove)")
        }
    }

    func run() throws {
        let library = try global.openForWriting(changingStore: false)
        let object = try library.resolve(item)
        // Typed without diacritics, a topic the library has is that topic, not a second one.
        let add = changes.filter { $0.hasPrefix("+") }.map { String($0.dropFirst()) }
        let remove = changes.filter { !$0.hasPrefix("+") }.map { String($0.dropFirst()) }
        let result: (added: [String], new: [String])
        do { result = try library.tag(object, add: add, remove: remove) } catch { throw KhoFailure.repository(error) }
        for name in result.new { Output.warn("kho: '\(name)' is a new topic (no rule or item has it yet)") }
        let now = try library.topics(of: object).filter { $0.score >= 0 }.map(\.topic)
        print("\(object.digest.prefix(12)) topics: " + (now.isEmpty ? "(none)" : now.joined(separator: ", ")))
    }
}

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Correct an item's title, unit or type by hand: kho set ITEM title=… unit=… type=…",
        discussion: """
          kho set 3fa9c1 title="Hội nghị chuyển đổi số 2026" unit=VanPhong
          kho set 3fa9c1 type=graphic

        Values set by hand win over what extraction and the rules say. type= takes
        a known content type (photo, graphic, scan, video, audio, slides, …);
        unit=, when kho.toml lists the units, one of them. Anything else is a
        usage error naming the nearest, and nothing is changed.
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The item (digest prefix or path).", valueName: "item"))
    var item: String

    @Argument(help: ArgumentHelp("field=value pairs (title, unit, type).", valueName: "field=value"))
    var assignments: [String]

    func validate() throws {
        for a in assignments {
            let parts = a.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, ManualField(rawValue: String(parts[0])) != nil, !parts[1].isEmpty else {
                throw ValidationError("'\(a)': write title=…, unit=… or type=…")
            }
        }
    }

    func run() throws {
        let library = try global.openForWriting(changingStore: false)
        let object = try library.resolve(item)
        let pairs = assignments.map { a in
            let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
            return (field: ManualField(rawValue: parts[0])!, value: parts[1])
        }
        do { try library.set(object, pairs, by: Identity.person) }
        catch let failure as FilterFailure { throw KhoFailure(message: failure.description, code: 2) }
        catch { throw KhoFailure.repository(error) }
        print("\(object.digest.prefix(12)): " + assignments.joined(separator: ", "))
    }
}

struct FacetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facets",
        abstract: "Counts per content type, topic, event day, unit, document type and year.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let library = try global.openForReading()
        let facets: [String: [String: Int]]
        do { facets = try library.facets() } catch { throw KhoFailure.repository(error) }
        if global.json { Output.json(facets); return }
        for (name, title) in [("type", "Content types"), ("topic", "Topics"), ("event", "Event days"), ("unit", "Units"),
                              ("doctype", "Document types"), ("year", "Years")] {
            let counts = facets[name] ?? [:]
            print("\(title):" + (counts.isEmpty ? " (none)" : ""))
            for (k, v) in counts.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
                print("  \(Output.pad(String(v), 6)) \(k)")
            }
        }
    }
}
