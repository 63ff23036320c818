import Foundation

/// Failed sign-ins, counted per account name and per address over a quarter of an hour: past the
/// limit, that name (or address) is refused until the window has passed, even with the right
/// password — so a password cannot be guessed from the page at speed.
actor SignInLimiter {
    static let window: TimeInterval = 15 * 60
    static let perName = 5
    static let perAddress = 20

    private var failures: [String: [Date]] = [:]

    /// Minutes to wait before trying again, or nil when a try is allowed now.
    func wait(name: String, address: String, now: Date = Date()) -> Int? {
        let keys = [("name:" + name.lowercased(), Self.perName), ("addr:" + address, Self.perAddress)]
        var longest: TimeInterval = 0
        for (key, limit) in keys {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[key] = recent
            if recent.count >= limit, let oldest = recent.first {
                longest = max(longest, Self.window - now.timeIntervalSince(oldest))
            }
        }
        return longest > 0 ? max(1, Int((longest / 60).rounded(.up))) : nil
    }

    func failed(name: String, address: String, now: Date = Date()) {
        failures["name:" + name.lowercased(), default: []].append(now)
        failures["addr:" + address, default: []].append(now)
        // Made-up names by the thousand must not grow this without end: forget what has expired.
        if failures.count > 10_000 {
            failures = failures.compactMapValues { times in
                let recent = times.filter { now.timeIntervalSince($0) < Self.window }
                return recent.isEmpty ? nil : recent
            }
        }
    }
}
