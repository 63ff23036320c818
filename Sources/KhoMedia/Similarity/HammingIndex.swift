import KhoVocabulary
/// Finds 64-bit hashes within a Hamming distance of a query without comparing them all:
/// multi-index hashing (Norouzi, Punjani & Fleet, 2012). Each hash is cut into four 16-bit
/// chunks, each chunk indexes a table; two hashes within distance r agree within ⌊r/4⌋ bits on
/// at least one chunk (pigeonhole), so a query probes, in each table, the buckets of every chunk
/// value within that many bits of its own, then checks the candidates' full distance.
public struct HammingIndex: Sendable {
    private var tables: [[[Int32]]] = Array(repeating: Array(repeating: [], count: 1 << 16), count: 4)
    public private(set) var hashes: [UInt64] = []

    public init() {}

    public var count: Int { hashes.count }

    /// Adds a hash; returns its position (the id queries answer with).
    @discardableResult
    public mutating func insert(_ hash: UInt64) -> Int {
        let id = Int32(hashes.count)
        hashes.append(hash)
        for t in 0..<4 { tables[t][Int(Self.chunk(hash, t))].append(id) }
        return Int(id)
    }

    /// Every stored hash within `radius` bits of `hash`: (position, distance), nearest first.
    public func neighbours(of hash: UInt64, radius: Int) -> [(id: Int, distance: Int)] {
        let perChunk = radius / 4
        var seen = Set<Int32>()
        var found: [(id: Int, distance: Int)] = []
        for t in 0..<4 {
            let own = Self.chunk(hash, t)
            Self.forEachWithin(perChunk, of: own) { key in
                for id in tables[t][Int(key)] where seen.insert(id).inserted {
                    let d = (hashes[Int(id)] ^ hash).nonzeroBitCount
                    if d <= radius { found.append((Int(id), d)) }
                }
            }
        }
        return found.sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.id < $1.id }
    }

    static func chunk(_ hash: UInt64, _ t: Int) -> UInt16 { UInt16(truncatingIfNeeded: hash >> UInt64(16 * t)) }

    /// Calls `body` with every 16-bit value within `bits` flips of `value`.
    static func forEachWithin(_ bits: Int, of value: UInt16, _ body: (UInt16) -> Void) {
        func flip(_ v: UInt16, from: Int, left: Int) {
            body(v)
            guard left > 0 else { return }
            for b in from..<16 { flip(v ^ (1 << UInt16(b)), from: b + 1, left: left - 1) }
        }
        flip(value, from: 0, left: bits)
    }
}

/// Finds documents whose MinHash signatures may be similar: LSH banding (`MinHash.bands` keys
/// per signature); documents sharing any band key are candidates, compared in full afterwards.
public struct MinHashIndex: Sendable {
    private var buckets: [[UInt64: [Int32]]] = Array(repeating: [:], count: MinHash.bands)
    public private(set) var signatures: [[UInt64]] = []

    public init() {}

    @discardableResult
    public mutating func insert(_ signature: [UInt64]) -> Int {
        let id = Int32(signatures.count)
        signatures.append(signature)
        for (band, key) in MinHash.bandKeys(signature).enumerated() { buckets[band][key, default: []].append(id) }
        return Int(id)
    }

    /// Stored signatures with estimated similarity ≥ `threshold`: (position, similarity), best first.
    public func neighbours(of signature: [UInt64], threshold: Double) -> [(id: Int, similarity: Double)] {
        var seen = Set<Int32>()
        var found: [(id: Int, similarity: Double)] = []
        for (band, key) in MinHash.bandKeys(signature).enumerated() {
            for id in buckets[band][key] ?? [] where seen.insert(id).inserted {
                let s = MinHash.similarity(signature, signatures[Int(id)])
                if s >= threshold { found.append((Int(id), s)) }
            }
        }
        return found.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
    }
}

/// A frozen multi-index for hot loops (millions of queries, as the crop pass of dedup makes): each
/// table flat — bucket offsets and ids in two arrays — and the flips of a chunk precomputed, so a
/// probe is two array reads, with no allocation and no reference counting.
public struct FrozenHammingIndex: Sendable {
    public let hashes: [UInt64]
    private let offsets: [[Int32]]
    private let ids: [[Int32]]

    public init(_ hashes: [UInt64]) {
        self.hashes = hashes
        var offsets: [[Int32]] = []
        var ids: [[Int32]] = []
        for t in 0..<4 {
            var counts = [Int32](repeating: 0, count: (1 << 16) + 1)
            for h in hashes { counts[Int(HammingIndex.chunk(h, t)) + 1] += 1 }
            for k in 1..<counts.count { counts[k] += counts[k - 1] }
            var fill = counts
            var table = [Int32](repeating: 0, count: hashes.count)
            for (i, h) in hashes.enumerated() {
                let k = Int(HammingIndex.chunk(h, t))
                table[Int(fill[k])] = Int32(i)
                fill[k] += 1
            }
            offsets.append(counts)
            ids.append(table)
        }
        self.offsets = offsets
        self.ids = ids
    }

    /// Every 16-bit mask of at most `bits` set bits.
    public static func masks(upTo bits: Int) -> [UInt16] {
        var out: [UInt16] = []
        HammingIndex.forEachWithin(bits, of: 0) { out.append($0) }
        return out
    }

    /// Calls `body(position)` for every stored hash within `radius` bits (a hash may come more than
    /// once); `masks` are `masks(upTo: radius / 4)`.
    @inline(__always)
    public func forEachNeighbour(of hash: UInt64, radius: Int, masks: [UInt16], _ body: (Int) -> Void) {
        offsets.withUnsafeBufferPointer { offsets in
            ids.withUnsafeBufferPointer { ids in
                hashes.withUnsafeBufferPointer { hashes in
                    for t in 0..<4 {
                        let own = HammingIndex.chunk(hash, t)
                        offsets[t].withUnsafeBufferPointer { o in
                            ids[t].withUnsafeBufferPointer { table in
                                for m in masks {
                                    let k = Int(own ^ m)
                                    var p = Int(o[k])
                                    let end = Int(o[k + 1])
                                    while p < end {
                                        let id = Int(table[p])
                                        if (hashes[id] ^ hash).nonzeroBitCount <= radius { body(id) }
                                        p += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
