import Foundation
import HummingbirdBcrypt
import KhoCatalogue
import KhoStore
import KhoVocabulary

/// Something about an account a person asked for that cannot be: said plainly, with what to do.
public struct AccountFailure: Error, CustomStringConvertible, Equatable {
    public var description: String
}

/// The people of `kho serve`: `kho user add|list|passwd|disable|enable` and the sign-in page.
/// Passwords are hashed with bcrypt (cost 12, ~0.25 s here: slow on purpose) and never kept,
/// logged or returned.
extension Library {
    public static let minimumPasswordLength = 10

    public func users() throws -> [Account] { try repository.catalogue.accounts() }

    public func user(named name: String) throws -> Account? { try repository.catalogue.account(named: name) }

    /// The signed-in session a browser's cookie value stands for, if it is still alive.
    public func session(token: String) throws -> WebSession? {
        guard !token.isEmpty, token.utf8.count <= 128 else { return nil }
        return try repository.catalogue.session(tokenSHA256: Sessions.hash(token), now: Timestamp.now())
    }
}

extension LibraryWriter {
    @discardableResult
    public func addUser(name: String, role: Role, units: [String], password: String) throws -> Account {
        try Self.checkName(name)
        try Self.checkPassword(password)
        let checkedUnits = try units.map { try unit(named: $0) }
        if role == .editor && checkedUnits.isEmpty {
            throw AccountFailure(description: "an editor edits in one or more units: add --unit UNIT (an admin edits everywhere)")
        }
        do {
            return try repository.catalogue.addAccount(name: name, role: role, units: role == .viewer ? [] : checkedUnits,
                                                       passwordHash: Bcrypt.hash(password), at: Timestamp.now())
        } catch let failure as Catalogue.AccountFailure {
            throw AccountFailure(description: failure.description)
        }
    }

    public func changePassword(name: String, to password: String) throws {
        try Self.checkPassword(password)
        try accountChange { try repository.catalogue.setPasswordHash(Bcrypt.hash(password), name: name) }
    }

    /// A disabled account cannot sign in, and its open sessions end; its history stays.
    public func setUserDisabled(name: String, _ disabled: Bool) throws {
        try accountChange { try repository.catalogue.setDisabled(disabled, name: name, at: Timestamp.now()) }
    }

    public func setUserRole(name: String, role: Role, units: [String]) throws {
        let checkedUnits = try units.map { try unit(named: $0) }
        try accountChange { try repository.catalogue.setRole(role, units: role == .viewer ? [] : checkedUnits, name: name) }
    }

    /// What a sign-in came to.
    public enum SignInResult: Sendable {
        case signedIn(token: String, session: WebSession)
        /// Wrong name, password or code, or a disabled account: all told alike.
        case refused
        /// The password was right; the account has a second factor and its code is needed.
        case needsCode
    }

    /// Checks a name, password and (for an account with a second factor) the code of its
    /// authenticator, through `checkCode(secret, code)`; on success starts a session and returns
    /// the cookie value that stands for it (kept only as its SHA-256). A wrong name and a wrong
    /// password take the same time and get the same answer, so the page cannot find account names.
    public func signIn(name: String, password: String, code: String?,
                       checkCode: (_ secret: String, _ code: String) -> Bool) throws -> SignInResult {
        let stored = try repository.catalogue.stored(named: name)
        let hash = stored?.passwordHash ?? Sessions.decoyHash
        guard Bcrypt.verify(password, hash: hash), let stored, !stored.account.isDisabled else { return .refused }
        if let secret = stored.totpSecret {
            guard let code = code?.filter({ !$0.isWhitespace }), !code.isEmpty else { return .needsCode }
            guard checkCode(secret, code) else { return .refused }
        }
        let token = Sessions.randomToken(), csrf = Sessions.randomToken()
        let now = Date()
        let expires = Timestamp.string(now.addingTimeInterval(Sessions.lifetime))
        try repository.catalogue.addSession(tokenSHA256: Sessions.hash(token), accountID: stored.account.id, csrfToken: csrf,
                                            createdAt: Timestamp.string(now), expiresAt: expires)
        return .signedIn(token: token, session: WebSession(account: stored.account, csrfToken: csrf, expiresAt: expires))
    }

    /// Adds a second factor (a TOTP secret the person's authenticator now holds) to an account.
    public func addSecondFactor(name: String, secret: String) throws {
        try accountChange { try repository.catalogue.setSecondFactor(secret, name: name) }
    }

    /// Takes an account's second factor away (a lost phone): `kho user reset-2fa`.
    public func removeSecondFactor(name: String) throws {
        try accountChange { try repository.catalogue.setSecondFactor(nil, name: name) }
    }

    public func signOut(token: String) throws {
        try repository.catalogue.endSession(tokenSHA256: Sessions.hash(token))
    }

    private func accountChange(_ body: () throws -> Void) throws {
        do { try body() } catch let failure as Catalogue.AccountFailure {
            throw AccountFailure(description: failure.description)
        }
    }

    static func checkName(_ name: String) throws {
        guard (1...64).contains(name.count), !name.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }),
              !name.hasPrefix("-") else {
            throw AccountFailure(description: "an account name is 1 to 64 characters without spaces, not starting with '-' (got \"\(name)\")")
        }
    }

    static func checkPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength else {
            throw AccountFailure(description: "a password needs at least \(minimumPasswordLength) characters (a short sentence is easy to remember and hard to guess)")
        }
        // bcrypt reads only the first 72 bytes: a longer one would be partly ignored without a word.
        guard password.utf8.count <= 72 else {
            throw AccountFailure(description: "a password may be at most 72 bytes long (bcrypt ignores the rest); Vietnamese letters take 2–3 bytes each")
        }
    }
}

/// Session tokens: random, sent once as a cookie, kept only as a hash.
public enum Sessions {
    /// A work day and a half: a session started in the morning lasts until the next morning.
    public static let lifetime: TimeInterval = 36 * 3600

    /// 32 random bytes as hex: session cookies, CSRF tokens.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hash(_ token: String) -> String { Digest.of(Data(token.utf8)).hex }

    /// Checked against when the name is unknown, so that both refusals take bcrypt's time.
    static let decoyHash = Bcrypt.hash("kho: no such account", cost: 12)
}
