import Foundation
import KhoVocabulary
import KhoMedia
import KhoStore

/// What ingest needs from kho.toml: the taxonomy, the OCR switch, the units.
struct ClassifySettings: Sendable {
    var taxonomy: Taxonomy
    var ocrImages: Bool
    var units: UnitNames
    init(repository: Repository) throws {
        let config = try RepositoryConfig.load(repository: repository.root)
        taxonomy = config.taxonomy ?? Taxonomy.standard
        ocrImages = config.ocrImages
        units = UnitNames(config.units)
    }
}

/// A file to take, as a walk or the watch folder found it.
public struct IngestFile: Sendable {
    public var path: String
    public var fileName: String
    public var size: Int64
    /// Its unit when it has its own (else the job's `unit` option).
    public var unit: String?
    /// Folder labels recorded with its source.
    public var tags: [String] = []
    /// It is reached through a symbolic link the walker allowed (inside the folders given); any
    /// other link met when the file is opened is refused.
    public var followLink = false
    /// The digest its bytes must have (an object file named by it); others are refused as damaged.
    public var expectedDigest: Digest?
    /// The path the catalogue keeps when the bytes are read from elsewhere: a web upload is read
    /// from a scratch file and kept as "upload:lan/2026-12-01/ten-tep.jpg".
    public var recordedPath: String?
    var shownPath: String { recordedPath ?? path }
    public init(path: String, fileName: String, size: Int64, unit: String? = nil, tags: [String] = []) {
        self.path = path; self.fileName = fileName; self.size = size; self.unit = unit; self.tags = tags
    }
}
