import KhoVocabulary
/// A path compared byte for byte, for dictionary keys and sets.
///
/// Swift's String equality is canonical equivalence: the NFC and NFD spellings of one Vietnamese
/// file name are ==, so as String keys one would silently replace the other. On Linux they are
/// two files, and both must be taken.
struct PathKey: Hashable, Sendable {
    let path: String
    private let bytes: [UInt8]

    init(_ path: String) {
        self.path = path
        bytes = Array(path.utf8)
    }

    static func == (a: PathKey, b: PathKey) -> Bool { a.bytes == b.bytes }
    func hash(into hasher: inout Hasher) { hasher.combine(bytes) }
}
