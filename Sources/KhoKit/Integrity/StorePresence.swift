import KhoVocabulary
import KhoCatalogue
import KhoStore

/// How much of what the catalogue lists the store holds. Most of it missing at once is nearly
/// always a disk that is not mounted or a wrong --repo, which an audit must say in one line and a
/// repair must not "mend".
public struct StorePresence: Sendable {
    public var missing = 0
    public var total = 0

    /// More than half of the catalogue's (unflagged) objects absent from objects/.
    public var looksUnmounted: Bool { total > 0 && missing * 2 > total }

    public var summary: String {
        "\(NumberText.grouped(missing)) of \(NumberText.grouped(total)) objects missing from \(objectsFolder) — is the disk mounted, and is --repo right?"
    }

    var objectsFolder = "objects/"

    public static func check(_ repository: Repository) throws -> StorePresence {
        var presence = StorePresence(objectsFolder: repository.store.objectsDirectory)
        try repository.catalogue.forEachObjectPage { page in
            for object in page where object.damage == nil {
                presence.total += 1
                if let digest = Digest(hex: object.digest), !repository.store.contains(digest) { presence.missing += 1 }
            }
        }
        return presence
    }
}

/// Numbers as people read them in messages.
public enum NumberText {
    /// 9812 → "9,812".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = n < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
