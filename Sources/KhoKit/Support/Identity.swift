import CKhoSys
import Foundation
import KhoVocabulary
import Glibc

/// Who and where: recorded with every run so an audit trail can say who brought what in.
public enum Identity {
    static var userName: String {
        if let name = kho_user_name() { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }

    static var hostName: String { ProcessInfo.processInfo.hostName }

    /// Who did something by hand ("nguyenvan@kho-server"): the person behind sudo, when there is one.
    public static var person: String {
        "\(ProcessInfo.processInfo.environment["SUDO_USER"] ?? userName)@\(hostName)"
    }

    static func jsonArray(_ strings: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: strings, options: [.withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
