import GRDB
import KhoVocabulary

/// Accounts and signed-in sessions of `kho serve` (tables `accounts`, `account_units`,
/// `web_sessions`). Secrets arrive here already hashed: this layer never sees a password.
extension Catalogue {
    public enum AccountFailure: Error, Equatable, CustomStringConvertible {
        case nameTaken(String)
        case noSuchAccount(String)
        public var description: String {
            switch self {
            case .nameTaken(let n): return "an account named \"\(n)\" already exists (names are compared without regard to case)"
            case .noSuchAccount(let n): return "no account named \"\(n)\"; `kho user list` shows them"
            }
        }
    }

    @discardableResult
    public func addAccount(name: String, role: Role, units: [String], passwordHash: String, at time: String) throws -> Account {
        try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM accounts WHERE name = ?", arguments: [name]) != nil {
                throw AccountFailure.nameTaken(name)
            }
            try db.execute(sql: "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [name, role, passwordHash, time])
            let id = db.lastInsertedRowID
            try Self.replaceUnits(db, id: id, units: units)
            return Account(id: id, name: name, role: role, units: units.sorted(), hasSecondFactor: false, createdAt: time)
        }
    }

    /// Every account, by name; `stored(named:)` adds the secrets for the sign-in check.
    public func accounts() throws -> [Account] {
        try read { db in try Row.fetchAll(db, sql: Self.accountSelect + " ORDER BY name").map { try Self.account($0, db) } }
    }

    public func account(named name: String) throws -> Account? { try stored(named: name)?.account }

    public func stored(named name: String) throws -> StoredAccount? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: Self.accountSelect + " WHERE name = ?", arguments: [name]) else { return nil }
            return StoredAccount(account: try Self.account(row, db), passwordHash: row["password_hash"], totpSecret: row["totp_secret"])
        }
    }

    public func setPasswordHash(_ hash: String, name: String) throws { try update(name, "password_hash = ?", [hash]) }

    /// A disabled account's sessions end at once.
    public func setDisabled(_ disabled: Bool, name: String, at time: String) throws {
        try update(name, "disabled_at = ?", [disabled ? time : nil])
        if disabled { try write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE account_id = (SELECT id FROM accounts WHERE name = ?)", arguments: [name]) } }
    }

    public func setRole(_ role: Role, units: [String], name: String) throws {
        try update(name, "role = ?", [role])
        try write { db in
            let id = try Int64.fetchOne(db, sql: "SELECT id FROM accounts WHERE name = ?", arguments: [name])!
            try Self.replaceUnits(db, id: id, units: units)
        }
    }

    public func setSecondFactor(_ secret: String?, name: String) throws { try update(name, "totp_secret = ?", [secret]) }

    // MARK: - Sessions

    public func addSession(tokenSHA256: String, accountID: Int64, csrfToken: String, createdAt: String, expiresAt: String) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM web_sessions WHERE expires_at <= ?", arguments: [createdAt])
            try db.execute(sql: "INSERT INTO web_sessions (token_sha256, account_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [tokenSHA256, accountID, csrfToken, createdAt, expiresAt])
        }
    }

    /// The live session with this token's hash: not expired at `now`, its account not disabled.
    public func session(tokenSHA256: String, now: String) throws -> WebSession? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.csrf_token, s.expires_at, a.id, a.name, a.role, a.created_at, a.disabled_at, a.totp_secret IS NOT NULL AS second
                FROM web_sessions s JOIN accounts a ON a.id = s.account_id
                WHERE s.token_sha256 = ? AND s.expires_at > ? AND a.disabled_at IS NULL
                """, arguments: [tokenSHA256, now]) else { return nil }
            return WebSession(account: try Self.account(row, db), csrfToken: row["csrf_token"], expiresAt: row["expires_at"])
        }
    }

    public func endSession(tokenSHA256: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM web_sessions WHERE token_sha256 = ?", arguments: [tokenSHA256]) }
    }

    // MARK: -

    private static let accountSelect = "SELECT id, name, role, created_at, disabled_at, password_hash, totp_secret, totp_secret IS NOT NULL AS second FROM accounts"

    private static func account(_ row: Row, _ db: Database) throws -> Account {
        let id: Int64 = row["id"]
        let units = try String.fetchAll(db, sql: "SELECT unit FROM account_units WHERE account_id = ? ORDER BY unit", arguments: [id])
        return Account(id: id, name: row["name"], role: row["role"], units: units, hasSecondFactor: row["second"],
                       createdAt: row["created_at"], disabledAt: row["disabled_at"])
    }

    private static func replaceUnits(_ db: Database, id: Int64, units: [String]) throws {
        try db.execute(sql: "DELETE FROM account_units WHERE account_id = ?", arguments: [id])
        for unit in Set(units) { try db.execute(sql: "INSERT INTO account_units (account_id, unit) VALUES (?, ?)", arguments: [id, unit]) }
    }

    private func update(_ name: String, _ assignment: String, _ values: [(any DatabaseValueConvertible)?]) throws {
        try write { db in
            try db.execute(sql: "UPDATE accounts SET \(assignment) WHERE name = ?", arguments: StatementArguments(values + [name]))
            if db.changesCount == 0 { throw AccountFailure.noSuchAccount(name) }
        }
    }
}
