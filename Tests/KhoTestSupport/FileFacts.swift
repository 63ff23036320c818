import KhoStore
import KhoVocabulary

/// What tests check of files on disk, asked the way kho asks (KhoStore's FileInfo and
/// DirectoryEntries): glibc's `struct stat` and `dirent` are claimed by different system modules
/// from build to build under member-import visibility.
extension TestSupport {
    /// Permission bits of a file (0 when it cannot be examined).
    public static func mode(_ path: String) -> UInt32 { FileInfo.of(path)?.mode ?? 0 }

    public static func isLink(_ path: String) -> Bool { FileInfo.of(path, followLinks: false)?.kind == .link }

    /// The raw names in a folder (they need not be UTF-8), without "." and "..".
    public static func names(in folder: String) -> [[UInt8]] { DirectoryEntries.read(folder)?.map(\.name) ?? [] }
}

extension TestSupport {
    /// SHA-256 of bytes in memory, as kho names objects.
    public static func sha256(_ bytes: [UInt8]) -> String { Digest.of(bytes).hex }
}
