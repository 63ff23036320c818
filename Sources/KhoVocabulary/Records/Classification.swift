import Foundation

/// A topic or event day of one item.
public struct TopicRecord: Sendable, Equatable, Codable {
    public var topic: String
    public var kind: TopicKind
    public var score: Double
    public var reason: String?
    /// Manual: set with kho tag.
    public var origin = ValueOrigin.rule
    public init(topic: String, kind: TopicKind, score: Double, reason: String?, origin: ValueOrigin = .rule) {
        self.topic = topic; self.kind = kind; self.score = score; self.reason = reason; self.origin = origin
    }
}

/// Everything classification says of one item.
public struct ClassificationRecord: Sendable, Equatable {
    public var contentType: ContentType
    public var reason: String
    public var topics: [TopicRecord]
    public var document: AdminDocument?
    public var citations: [String] = []
    public init(contentType: ContentType, reason: String, topics: [TopicRecord]) {
        self.contentType = contentType; self.reason = reason; self.topics = topics
    }
}
