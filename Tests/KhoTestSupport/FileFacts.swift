import CKhoSys
import Glibc

/// What tests check of files on disk, through CKhoSys: glibc's `struct stat` and `dirent` are
/// claimed by different system modules from build to build under member-import visibility.
extension TestSupport {
    /// Permission bits of a file (0 when it cannot be examined); `followLinks` false: of a link itself.
    public static func mode(_ path: String, followLinks: Bool = true) -> UInt32 {
        var status = kho_file_status()
        return kho_stat(path, followLinks ? 1 : 0, &status) == 0 ? status.mode : 0
    }

    public static func isLink(_ path: String) -> Bool {
        var status = kho_file_status()
        return kho_stat(path, 0, &status) == 0 && status.kind == CChar(UInt8(ascii: "l"))
    }

    /// The raw names in a folder (they need not be UTF-8), without "." and "..".
    public static func names(in folder: String) -> [[UInt8]] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var out: [[UInt8]] = []
        var kind: CChar = 0
        while let name = kho_next_entry(UnsafeMutableRawPointer(dir), &kind) {
            let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name)))
            if bytes != [46] && bytes != [46, 46] { out.append(bytes) }
        }
        return out
    }
}
