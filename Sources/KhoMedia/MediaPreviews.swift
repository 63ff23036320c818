import Foundation
import KhoVocabulary

/// Previews of what is not a picture, drawn by a tool into a PNG that PicturePreviews then fits
/// and encodes: a video's typical frame (ffmpeg's thumbnail filter, among the frames after a tenth
/// of its length — not a black first frame), a sound's waveform (its first ten minutes), a PDF's
/// first page (pdftoppm). The tools run as child processes under the same time and memory caps as
/// extraction.
public enum MediaPreviews {
    public enum Kind: Sendable { case video(duration: Double?), sound, pdf }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// How many frames a video's strip shows.
    public static let stripFrames = 5

    /// A video's strip: `stripFrames` frames spread over its length, side by side, each 256 px
    /// wide — what happens in the clip at a glance. Encoded as the large WebP of PicturePreviews.
    public static func strip(path: String, duration: Double, timeout: Double = 60) -> Result<[UInt8], Failure> {
        guard duration > 0 else { return .failure(Failure(description: "a video without a known length has no strip")) }
        let scratch = ExternalTool.scratchPath("strip")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) } catch {
            return .failure(Failure(description: "no scratch folder for the strip: \(error)"))
        }
        let png = scratch + "/strip.png"
        // One frame every length/n seconds, from half a step in: the middle of each fifth.
        let step = duration / Double(stripFrames)
        let filter = "fps=1/\(String(format: "%.4f", step)),scale=256:-2,tile=\(stripFrames)x1"
        let out: ExternalTool.Output
        do {
            out = try ExternalTool.run("ffmpeg", ["-v", "error", "-nostdin", "-ss", String(format: "%.3f", step / 2), "-i", path, "-an", "-sn",
                                                  "-vf", filter, "-frames:v", "1", "-y", png],
                                       timeout: timeout, maxOutput: 1 << 16, memoryLimit: 1 << 30)
        } catch { return .failure(Failure(description: "\(error)")) }
        guard !out.timedOut, out.status == 0, FileManager.default.fileExists(atPath: png) else {
            return .failure(Failure(description: "ffmpeg drew no strip: " + ExternalTool.firstLine(out.stderr.isEmpty ? "drew nothing" : out.stderr, hiding: path)))
        }
        return PicturePreviews.make(path: png).map(\.large).mapError { Failure(description: "the strip could not be encoded: \($0)") }
    }

    public static func make(path: String, kind: Kind, timeout: Double = 60) -> Result<PicturePreviews.Made, Failure> {
        let scratch = ExternalTool.scratchPath("preview")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do { try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true) } catch {
            return .failure(Failure(description: "no scratch folder for the preview: \(error)"))
        }
        let png = scratch + "/preview.png"
        let side = PreviewSize.large.rawValue
        let (tool, arguments): (String, [String])
        switch kind {
        case .video(let duration):
            let start = String(format: "%.3f", max(0, (duration ?? 0) / 10))
            (tool, arguments) = ("ffmpeg", ["-v", "error", "-nostdin", "-ss", start, "-i", path, "-an", "-sn",
                                            "-vf", "thumbnail=50,scale=w=min(\(side)\\,iw):h=min(\(side)\\,ih):force_original_aspect_ratio=decrease",
                                            "-frames:v", "1", "-y", png])
        case .sound:
            (tool, arguments) = ("ffmpeg", ["-v", "error", "-nostdin", "-t", "600", "-i", path, "-filter_complex",
                                            "showwavespic=s=\(side)x320:split_channels=0:colors=0x1f5fa6", "-frames:v", "1", "-y", png])
        case .pdf:
            (tool, arguments) = ("pdftoppm", ["-png", "-f", "1", "-l", "1", "-scale-to", "\(side)", "-singlefile", path, scratch + "/preview"])
        }
        let out: ExternalTool.Output
        do { out = try ExternalTool.run(tool, arguments, timeout: timeout, maxOutput: 1 << 16, memoryLimit: 1 << 30) } catch {
            return .failure(Failure(description: "\(error)"))
        }
        if out.timedOut { return .failure(Failure(description: "\(tool) took longer than \(Int(timeout)) s and was stopped")) }
        guard out.status == 0, FileManager.default.fileExists(atPath: png) else {
            let said = ExternalTool.firstLine(out.stderr.isEmpty ? "drew nothing" : out.stderr, hiding: path)
            return .failure(Failure(description: "\(tool) drew no preview: \(said)"))
        }
        return PicturePreviews.make(path: png).mapError { Failure(description: "the drawn preview could not be encoded: \($0)") }
    }
}
