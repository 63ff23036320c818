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

/// One change made by hand to an item: a title, caption, unit, type, or a topic added (old nil)
/// or taken off (new nil).
public struct EditRecord: Sendable, Equatable, Codable {
    public var field: String
    public var oldValue: String?
    public var newValue: String?
    public var by: String
    public var at: String

    public init(field: String, oldValue: String?, newValue: String?, by: String, at: String) {
        self.field = field; self.oldValue = oldValue; self.newValue = newValue; self.by = by; self.at = at
    }

    enum CodingKeys: String, CodingKey {
        case field, oldValue = "old_value", newValue = "new_value", by, at
    }
}
