import Foundation
import KhoVocabulary

/// An audio fingerprint from Chromaprint (`fpcalc -raw`, as AcoustID computes it): 32-bit items,
/// about eight a second, each describing the spectrum's shape at that moment. A re-encode at a
/// low bit rate flips a few bits; another recording flips about half.
enum AudioPrint {
    struct Output: Decodable { let duration: Double?; let fingerprint: [UInt32]? }

    static func fingerprint(path: String, limits: Fingerprinter.Limits) -> Fingerprint {
        let out: ExternalTool.Output
        do {
            out = try ExternalTool.run("fpcalc", ["-raw", "-json", "-length", "\(limits.audioSeconds)", path],
                                       timeout: limits.toolTimeout, maxOutput: 8 << 20, memoryLimit: limits.toolMemory)
        } catch {
            return Fingerprint(method: .chromaprint, status: .failed, note: "\(error)")
        }
        // fpcalc prints the JSON even when the file ends early (with an error on stderr after it).
        guard let parsed = try? JSONDecoder().decode(Output.self, from: out.stdout), let items = parsed.fingerprint, !items.isEmpty else {
            let reason = out.timedOut ? "fpcalc took longer than \(Int(limits.toolTimeout)) s and was stopped" : "fpcalc: " + ExternalTool.firstLine(out.stderr, hiding: path)
            return Fingerprint(method: .chromaprint, status: .failed, note: reason)
        }
        var f = Fingerprint(method: .chromaprint, status: .ok)
        f.sequence = items.map(UInt64.init)
        f.duration = parsed.duration
        f.rate = parsed.duration.map { Double(items.count) / max($0, 0.001) }
        return f
    }
}
