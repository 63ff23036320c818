import Foundation
import KhoKit
import KhoTestSupport

/// A repository in its own scratch folder with chosen corpus files already ingested: what most
/// KhoKit tests start from, written once here.
public struct IngestedRepository: @unchecked Sendable {
    public let repository: Repository
    public let summary: IngestSummary
    /// Every file's fate, in order.
    public let items: [IngestItem]
    /// What the OCR queue came to after the ingest (nil with `ocr` false).
    public let ocrSummary: OCRJob.Summary?

    /// `corpus`: paths relative to ../shared/corpus (files or folders). `ocr` false when the test
    /// is not about text read from pictures (OCR is slow, and tested on its own).
    public init(_ label: String, corpus: [String], unit: String? = nil, ocr: Bool = true, fingerprints: Bool = true,
                configure: (inout IngestJob.Options) -> Void = { _ in }) throws {
        try self.init(label, paths: corpus.map(TestSupport.corpusPath), unit: unit, ocr: ocr, fingerprints: fingerprints, configure: configure)
    }

    /// The same for files anywhere (samples a test made).
    public init(_ label: String, paths: [String], unit: String? = nil, ocr: Bool = true, fingerprints: Bool = true,
                configure: (inout IngestJob.Options) -> Void = { _ in }) throws {
        repository = try Repository.initialize(at: try TestSupport.scratchDirectory(label) + "/Storage").0
        var options = IngestJob.Options(unit: unit)
        options.ocr = ocr
        options.fingerprints = fingerprints
        configure(&options)
        var items: [IngestItem] = []
        summary = try IngestJob(repository: repository, options: options).run(roots: paths) { items.append($0) }
        self.items = items
        // As `kho ingest` does before it exits: what waits for OCR is read.
        if ocr { ocrSummary = try OCRJob(repository: repository).run() } else { ocrSummary = nil }
    }

    /// The item of a corpus file, compared byte for byte (NFC and NFD names stay apart).
    public func item(_ relative: String) -> IngestItem? {
        let path = Array(TestSupport.corpusPath(relative).utf8)
        return items.first { Array($0.path.utf8) == path }
    }
}

/// A fixture built once per test process and shared by a suite's tests. Built lazily; if building
/// fails, every test that asks for it fails with the reason, and the other suites run on.
public final class SharedFixture<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private let make: () throws -> Value
    private var made: Result<Value, Error>?

    public init(_ make: @escaping () throws -> Value) { self.make = make }

    public func get() throws -> Value {
        try lock.withLock {
            if made == nil { made = Result { try make() } }
            return try made!.get()
        }
    }
}
