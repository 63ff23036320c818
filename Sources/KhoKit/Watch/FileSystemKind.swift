import KhoVocabulary
import CKhoSys

/// Whether a folder lives on a network file system, where inotify hears nothing of changes made
/// by other machines (statfs(2) magic numbers from linux/magic.h and the cifs/smb sources).
enum FileSystemKind {
    static let network: [UInt: String] = [
        0x6969: "NFS",
        0x517B: "SMB",
        0xFF53_4D42: "CIFS",
        0xFE53_4D42: "SMB2",
        0x0102_1997: "9P",
        0x0000_5346_414F: "AFS",
        0x00C3_6400: "Ceph",
        0x6573_5546: "FUSE (sshfs, rclone, NTFS …)",
    ]

    /// The network file system's name, or nil for a local one (or when statfs fails).
    static func networkName(of path: String) -> String? {
        let type = kho_fs_type(path)
        return type < 0 ? nil : network[UInt(type)]
    }
}
