import Foundation

/// The library's own messages (why a file was refused, what a filter lacks) as the reader's
/// language says them. The facade speaks English, as the command line and the logs do; the pages
/// say the messages a person meets there in Vietnamese through the patterns below, with the words
/// in Strings/*.toml (`msg_*`). A message no pattern knows is shown as it is.
enum MessageText {
    /// (pattern, key): the pattern's groups fill the key's {1}, {2} … in order; those listed in
    /// `translated` are descriptions said in the reader's words (`words`).
    private static let patterns: [(regex: NSRegularExpression, key: String, translated: Set<Int>)] = [
        (#"^named like (an image|a video|an audio file|a document|an archive|a) ?\(?\.?([^ )]+)\)?(?: file)? but the content is (a program \(executable\)|a script|a web page \(it can carry scripts\)) \((.+)\)$"#, "msg_named_like", [1, 3]),
        (#"^empty file \(0 bytes\): nothing to keep — check that it was copied completely$"#, "msg_empty", []),
        (#"^named \.(\S+) but the content is (\S+)$"#, "msg_mismatch", []),
        (#"^removed on (\d{4})-(\d\d)-(\d\d) by (.+) \((.*)\): still hidden — kho remove (\w+) --undo brings it back$"#, "msg_removed_hidden", []),
        (#"^these bytes were removed on (\d{4})-(\d\d)-(\d\d) by (.+) \((.*)\) and collected; stored again$"#, "msg_removed_again", []),
        (#"^no (\w+) is called '(.*)'; did you mean (.+)\? \(kho facets lists them all\)$"#, "msg_did_you_mean", [1]),
        (#"^no (\w+) is called '(.*)'; known: (.+)$"#, "msg_known", [1]),
        (#"^no item has a (\w+) yet, so --\w+ '(.*)' matches nothing$"#, "msg_none_yet", [1]),
        (#"^type=(.*?): .*$"#, "msg_bad_type", []),
        (#"^this cluster has changed or was reviewed meanwhile; reload the page$"#, "msg_cluster_changed", []),
        (#"^the search has no words to look for"#, "msg_no_words", []),
        (#"^NOT needs a word to search for before it"#, "msg_only_not", []),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1, $0.2) }

    /// Descriptions inside messages, by their English.
    private static let words: [String: String] = [
        "an image": "msg_w_image", "a video": "msg_w_video", "an audio file": "msg_w_audio", "a document": "msg_w_document",
        "an archive": "msg_w_archive", "a": "msg_w_file", "a program (executable)": "msg_w_program", "a script": "msg_w_script",
        "a web page (it can carry scripts)": "msg_w_webpage", "unit": "msg_w_unit", "topic": "msg_w_topic", "event": "msg_w_event",
        "tag": "msg_w_tag", "doctype": "msg_w_doctype", "type": "msg_w_type",
    ]

    /// `message` in the reader's language; notes joined by "; " (an ingest's) are each said.
    static func say(_ message: String, _ t: Strings) -> String {
        guard t.language != .en else { return message }
        if let said = sayOne(message, t) { return said }
        return message.components(separatedBy: "; ").map { sayOne($0, t) ?? $0 }.joined(separator: "; ")
    }

    private static func sayOne(_ message: String, _ t: Strings) -> String? {
        let whole = NSRange(message.startIndex..., in: message)
        for (pattern, key, translated) in patterns {
            guard let match = pattern.firstMatch(in: message, range: whole) else { continue }
            var text = t[key]
            for i in 1..<match.numberOfRanges {
                let group = Range(match.range(at: i), in: message).map { String(message[$0]) } ?? ""
                let said = translated.contains(i) ? words[group].map { t[$0] } ?? group : group
                text = text.replacingOccurrences(of: "{\(i)}", with: said)
            }
            return text
        }
        return nil
    }
}
