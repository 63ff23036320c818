import KhoCatalogue
import KhoStore
import KhoVocabulary

/// What a web page needs to show an item's bytes: its previews and its original, verified.
extension Library {
    /// The item with exactly this digest, if the library holds it (not removed).
    public func object(digest: Digest) throws -> ObjectRecord? {
        try repository.catalogue.presentObject(digest: digest.hex)
    }

    /// The item holding the document with this number ("57-NQ/TW"), to link a citation to it.
    public func document(numbered number: String) throws -> String? { try repository.catalogue.digest(ofDocumentNumbered: number) }

    /// The preview file of an item at a size, when one has been made.
    public func previewPath(_ digest: Digest, size: PreviewSize) -> String? {
        repository.previews.has(digest, size: size) ? repository.previews.path(for: digest, size: size) : nil
    }

    /// A video's strip of frames, when one has been made.
    public func stripPath(_ digest: Digest) -> String? {
        repository.previews.hasStrip(digest) ? repository.previews.stripPath(for: digest) : nil
    }

    /// An item's original bytes to stream out, checked against its digest on the way
    /// (`VerifiedReader`), with the name it was last ingested under.
    public func original(_ object: ObjectRecord) throws -> Original {
        let digest = Digest(hex: object.digest)!
        let name = try repository.catalogue.details(of: object).sources.last?.fileName ?? object.digest
        return Original(reader: try VerifiedReader(store: repository.store, digest: digest), mime: object.mime, fileName: name)
    }
}

/// An original on its way out: its bytes in chunks (`next()`, checked against the digest: the
/// last chunk comes only once the whole matched), its MIME type and a file name to save it as.
/// One reader at a time.
public final class Original: @unchecked Sendable {
    private let reader: VerifiedReader
    public let mime: String
    public let fileName: String
    public var size: Int64 { reader.size }

    init(reader: VerifiedReader, mime: String, fileName: String) {
        self.reader = reader; self.mime = mime; self.fileName = fileName
    }

    /// The next bytes, nil at the end; throws instead of the last bytes when they are damaged.
    public func next() throws -> [UInt8]? { try reader.next() }
}
