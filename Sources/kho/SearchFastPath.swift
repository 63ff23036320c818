/// `kho search` read without ArgumentParser when its command line is plain: words and the search's
/// own options, each given once, every value present. Anything else (help, `--`, an unknown or
/// repeated option, a value that does not validate) returns nil and goes through ArgumentParser,
/// which says what is wrong exactly as it always has.
///
/// Why: ArgumentParser reads a command line by reflection, and in the static release binary its
/// first protocol-conformance lookups scan every conformance record Foundation brings — about
/// 2.5 ms of a 16 ms search. Searching is what people and scripts run most, and issue 15 holds it
/// to 1.5× recollq's whole-process time.
extension SearchRequest {
    /// The request's field an option with a value sets.
    static func field(_ option: String) -> WritableKeyPath<SearchRequest, String?>? {
        switch option {
        case "--kind": \.kind
        case "--mime": \.mime
        case "--unit": \.unit
        case "--tag": \.tag
        case "--type": \.type
        case "--topic": \.topic
        case "--event": \.event
        case "--doctype": \.doctype
        case "--issuer": \.issuer
        case "--cites": \.cites
        case "--taken-from": \.takenFrom
        case "--taken-to": \.takenTo
        case "--ingested-from": \.ingestedFrom
        case "--ingested-to": \.ingestedTo
        case "--repo": \.repo
        default: nil
        }
    }

    /// The request `arguments` (without the program's name) make, or nil for ArgumentParser to read.
    static func fastPath(_ arguments: [String]) -> SearchRequest? {
        guard arguments.first == "search" else { return nil }
        var request = SearchRequest()
        var seen = Set<String>()
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-") else {
                request.words.append(argument)
                continue
            }
            var name = argument, value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
                // ArgumentParser reads `--unit= x` as `--unit x`.
                if value == "" { return nil }
            }
            guard seen.insert(name == "-n" ? "--limit" : name).inserted else { return nil }
            if name == "--json" {
                guard value == nil else { return nil }
                request.json = true
                continue
            }
            let isLimit = name == "-n" || name == "--limit"
            guard isLimit || field(name) != nil else { return nil }
            if value == nil {
                // A value that looks like an option is ArgumentParser's to judge.
                guard i < arguments.count, !arguments[i].hasPrefix("-") else { return nil }
                value = arguments[i]
                i += 1
            }
            guard let value else { return nil }
            if isLimit {
                guard let limit = Int(value) else { return nil }
                request.limit = limit
            } else if let option = field(name) {
                request[keyPath: option] = value
            }
        }
        do { try request.validate() } catch { return nil }
        return request
    }
}
