import Foundation

/// One item waiting for OCR (table `ocr_queue`): stored and findable already, its text still to read.
public struct OCRQueueEntry: Codable, Sendable, Equatable {
    public var objectId: Int64
    public var work: OCRWork
    /// Pages to read (1 for a picture).
    public var pages: Int
    public var queuedAt: String
    /// Tries that failed so far; the item leaves the queue after three.
    public var attempts: Int
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case objectId = "object_id", work, pages, queuedAt = "queued_at", attempts, lastError = "last_error"
    }

    public init(objectId: Int64, work: OCRWork, pages: Int, queuedAt: String, attempts: Int = 0, lastError: String? = nil) {
        self.objectId = objectId; self.work = work; self.pages = pages; self.queuedAt = queuedAt
        self.attempts = attempts; self.lastError = lastError
    }
}

/// How much OCR work waits, for `kho status` and progress lines.
public struct OCRQueueSummary: Codable, Sendable, Equatable {
    public var items: Int
    public var pages: Int
    /// When the oldest item was queued.
    public var oldest: String?

    public init(items: Int = 0, pages: Int = 0, oldest: String? = nil) {
        self.items = items; self.pages = pages; self.oldest = oldest
    }
}

/// What ingest asks OCR to read of one new item: queued with it, in its batch's transaction.
public struct OCRRequest: Sendable, Equatable {
    public var work: OCRWork
    public var pages: Int
    public init(_ work: OCRWork, pages: Int = 1) { self.work = work; self.pages = pages }
}
