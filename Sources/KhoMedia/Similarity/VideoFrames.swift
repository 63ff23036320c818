import Foundation
import KhoVocabulary

/// A video's fingerprint: ffmpeg decodes it once (no sound), keeps one frame a second — fewer for
/// videos longer than `maxFrames` seconds — squeezed to 32×32 grey, and each frame gets a pHash.
/// Re-encoding and a change of resolution barely move the hashes; a trimmed start shifts them,
/// which the comparison (`SequenceMatch`) allows for.
enum VideoFrames {
    static func fingerprint(path: String, duration: Double?, limits: Fingerprinter.Limits) -> Fingerprint {
        let rate = min(1.0, Double(limits.maxFrames) / max(1, duration ?? 1))
        let args = ["-v", "error", "-nostdin", "-i", path, "-an", "-sn", "-dn", "-threads", "1",
                    "-vf", String(format: "fps=%.6f,scale=32:32:flags=area,format=gray", rate),
                    "-frames:v", "\(limits.maxFrames)", "-f", "rawvideo", "-"]
        let out: ExternalTool.Output
        do { out = try ExternalTool.run("ffmpeg", args, timeout: limits.toolTimeout, maxOutput: limits.maxFrames * 1024 + 1024, memoryLimit: limits.toolMemory) } catch {
            return Fingerprint(method: .frames, status: .failed, note: "\(error)")
        }
        let bytes = [UInt8](out.stdout)
        let count = bytes.count / 1024
        if out.timedOut && count == 0 {
            return Fingerprint(method: .frames, status: .failed, note: "ffmpeg took longer than \(Int(limits.toolTimeout)) s and was stopped")
        }
        guard count > 0 else {
            return Fingerprint(method: .frames, status: .failed, note: "ffmpeg decoded no frame: " + ExternalTool.firstLine(out.stderr, hiding: path))
        }
        var f = Fingerprint(method: .frames, status: .ok)
        f.sequence = (0..<count).map { PerceptualHash.phash(pixels: bytes[($0 * 1024)..<($0 * 1024 + 1024)]) }
        f.rate = rate
        f.duration = duration
        return f
    }
}
