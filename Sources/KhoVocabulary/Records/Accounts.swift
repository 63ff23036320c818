/// What a person signed in to `kho serve` may do. Viewers search, look and download; editors also
/// upload and edit in their units; admins do everything, accounts and audits included.
public enum Role: String, CaseIterable, Sendable, Codable, Comparable {
    case viewer, editor, admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A person with an account (table `accounts`); the password hash and the second factor's secret
/// stay in the catalogue layer and the sign-in check, never in this value.
public struct Account: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var role: Role
    /// The units an editor works in (empty for viewers; admins work everywhere).
    public var units: [String]
    public var hasSecondFactor: Bool
    public var createdAt: String
    public var disabledAt: String?

    public init(id: Int64, name: String, role: Role, units: [String], hasSecondFactor: Bool, createdAt: String, disabledAt: String? = nil) {
        self.id = id; self.name = name; self.role = role; self.units = units
        self.hasSecondFactor = hasSecondFactor; self.createdAt = createdAt; self.disabledAt = disabledAt
    }

    public var isDisabled: Bool { disabledAt != nil }

    enum CodingKeys: String, CodingKey {
        case id, name, role, units, hasSecondFactor = "has_second_factor", createdAt = "created_at", disabledAt = "disabled_at"
    }

    /// Whether this person may add to or change items of `unit`.
    public func mayEdit(unit: String?) -> Bool {
        switch role {
        case .admin: return true
        case .editor: return unit.map { units.contains($0) } ?? false
        case .viewer: return false
        }
    }
}

/// An account as the catalogue keeps it, secrets included: only the sign-in check reads these.
public struct StoredAccount: Sendable {
    public var account: Account
    public var passwordHash: String
    public var totpSecret: String?

    public init(account: Account, passwordHash: String, totpSecret: String?) {
        self.account = account; self.passwordHash = passwordHash; self.totpSecret = totpSecret
    }
}

/// A signed-in browser: whose it is, the token its forms carry back, and when it ends.
public struct WebSession: Sendable, Equatable {
    public var account: Account
    public var csrfToken: String
    public var expiresAt: String

    public init(account: Account, csrfToken: String, expiresAt: String) {
        self.account = account; self.csrfToken = csrfToken; self.expiresAt = expiresAt
    }
}
