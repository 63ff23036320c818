import Foundation
import HummingbirdOTP

/// Time-based one-time codes (TOTP, RFC 6238: six digits, 30 s) through HummingbirdOTP, for the
/// second factor of accounts (admins', when kho.toml says so).
enum SecondFactor {
    /// A new shared secret: 20 random letters and digits (HummingbirdOTP takes the secret's bytes
    /// as the key and gives authenticators their base32).
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// The otpauth:// address an authenticator app reads (as a link on a phone, or typed).
    static func authenticatorURL(secret: String, account: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "kho:" + account, issuer: "kho")
    }

    /// The secret as authenticators want it typed by hand: base32, in groups of four.
    static func typedSecret(secret: String, account: String) -> String {
        let url = authenticatorURL(secret: secret, account: account)
        let base32 = url.components(separatedBy: "secret=").last?.components(separatedBy: "&").first ?? ""
        return stride(from: 0, to: base32.count, by: 4).map { i in
            let start = base32.index(base32.startIndex, offsetBy: i)
            return String(base32[start..<base32.index(start, offsetBy: min(4, base32.count - i))])
        }.joined(separator: " ")
    }

    /// Whether `code` is the secret's code now, or one step before or after (a phone's clock drifts).
    static func check(secret: String, code: String, at date: Date = Date()) -> Bool {
        let digits = code.filter(\.isNumber)
        guard digits.count == 6, let given = Int(digits) else { return false }
        let totp = TOTP(secret: secret)
        return [-30.0, 0, 30].contains { totp.compute(date: date.addingTimeInterval($0)) == given }
    }
}
