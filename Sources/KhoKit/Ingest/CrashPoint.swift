import Foundation
import KhoVocabulary
import Glibc

/// Fault injection for the crash tests: KHO_TEST_CRASH=catalogued|journaled|moving makes the
/// watcher kill itself (SIGKILL, as a power cut would stop it) at that point of its first batch;
/// KHO_TEST_CRASH_READING=NAME makes any ingest crash (SIGSEGV) as it starts reading a file of that
/// name, as a C library's crash on that file would; KHO_TEST_KILL_READING=NAME kills it (SIGKILL).
enum CrashPoint: String {
    case catalogued, journaled, moving
    static let chosen = ProcessInfo.processInfo.environment["KHO_TEST_CRASH"].flatMap(CrashPoint.init(rawValue:))
    static let crashReading = ProcessInfo.processInfo.environment["KHO_TEST_CRASH_READING"]
    static let killReading = ProcessInfo.processInfo.environment["KHO_TEST_KILL_READING"]
    static func reached(_ point: CrashPoint) {
        if point == chosen { kill(getpid(), SIGKILL) }
    }
    static func reading(_ fileName: String) {
        if fileName == crashReading { UnsafeMutablePointer<Int>(bitPattern: 16)!.pointee = 1 }  // a real fault, as a C library makes
        if fileName == killReading { kill(getpid(), SIGKILL) }
    }
}
