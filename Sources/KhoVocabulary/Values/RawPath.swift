/// File names are bytes, and most are UTF-8. A name that is not — Windows-1258 or CP437 bytes
/// from old Windows machines and the zip files they made — still names a file kho must take, and
/// a person cannot always rename hundreds of them. Such a path travels in a String with each stray
/// byte as one private-use scalar (U+10FF00 + the byte), and `c(_:)` gives the very same bytes
/// back for every system call. A valid UTF-8 path is its own String, unchanged.
public enum RawPath {
    static let base: UInt32 = 0x10FF00

    /// The String for a name's bytes: UTF-8 where it is, stray bytes kept as themselves.
    public static func string(_ bytes: some Collection<UInt8>) -> String {
        let b = Array(bytes)
        if let valid = String(validating: b, as: UTF8.self) { return valid }
        var out = String.UnicodeScalarView()
        var i = 0
        while i < b.count {
            let lead = b[i]
            let length = lead < 0x80 ? 1 : (0xC2...0xDF).contains(lead) ? 2 : (0xE0...0xEF).contains(lead) ? 3 : (0xF0...0xF4).contains(lead) ? 4 : 0
            if length > 0, i + length <= b.count, let scalar = String(validating: b[i..<(i + length)], as: UTF8.self) {
                out.append(contentsOf: scalar.unicodeScalars)
                i += length
            } else {
                out.append(Unicode.Scalar(base + UInt32(lead))!)
                i += 1
            }
        }
        return String(out)
    }

    /// The bytes a path stands for.
    public static func bytes(_ path: String) -> [UInt8] {
        guard hasStrayBytes(path) else { return Array(path.utf8) }
        var out: [UInt8] = []
        for scalar in path.unicodeScalars {
            if scalar.value >= base && scalar.value <= base + 0xFF { out.append(UInt8(scalar.value - base)) } else { out += Array(String(scalar).utf8) }
        }
        return out
    }

    /// The NUL-terminated bytes for a system call.
    public static func c(_ path: String) -> [CChar] {
        bytes(path).map { CChar(bitPattern: $0) } + [0]
    }

    /// Whether a path holds bytes that are not UTF-8.
    public static func hasStrayBytes(_ path: String) -> Bool {
        path.unicodeScalars.contains { $0.value >= base && $0.value <= base + 0xFF }
    }

    /// The stray byte a scalar stands for, if it stands for one.
    public static func strayByte(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= base && scalar.value <= base + 0xFF ? UInt8(scalar.value - base) : nil
    }
}
