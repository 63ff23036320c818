import Foundation
import KhoVocabulary

/// Previews of what is not a picture, drawn by a tool into a PNG that PicturePreviews then fits
/// and encodes: a video's typical frame (ffmpeg's thumbnail filter, among the frames after a tenth
/// of its length — not a black first frame), a sound's waveform (its first ten minutes), a PDF's
/// first page (pdftoppm). The tools run as child processes under the same time and memory caps as
/// extraction.
public enum MediaPreviews {
    public enum Kind: Sendable { case video(duration: Double?), sound, pdf, office(ext: String) }

    /// Office files are drawn through LibreOffice only where it is installed (Debian's
    /// libreoffice-writer-nogui, -calc-nogui, -impress-nogui): it is large, and kho needs it for nothing else.
    public static var officeAvailable: Bool { ExternalTool.find("soffice") != nil }

    /// The extension LibreOffice needs to read an office file of this type, or nil for other types.
    public static func officeExtension(mime: String) -> String? {
        [
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx", "application/msword": "doc",
            "application/vnd.oasis.opendocument.text": "odt", "application/rtf": "rtf", "text/rtf": "rtf",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx", "application/vnd.ms-excel": "xls",
            "application/vnd.oasis.opendocument.spreadsheet": "ods",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
            "application/vnd.ms-powerpoint": "ppt", "application/vnd.oasis.opendocument.presentation": "odp",
        ][mime]
    }

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
        var path = path, kind = kind
        if case .office(let ext) = kind {
            switch officeToPDF(path, ext: ext, scratch: scratch, timeout: max(timeout, 120)) {
            case .success(let pdf): (path, kind) = (pdf, .pdf)
            case .failure(let failure): return .failure(failure)
            }
        }
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
        case .pdf, .office:
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

    /// LibreOffice turns the office file into a PDF in `scratch` (its profile there too, so that
    /// runs never share one); the stored object has no extension, so it is read through a link
    /// that has one.
    static func officeToPDF(_ path: String, ext: String, scratch: String, timeout: Double) -> Result<String, Failure> {
        let input = scratch + "/document." + ext
        guard symlink(path, input) == 0 else { return .failure(Failure(description: "no link for LibreOffice: \(String(cString: strerror(errno)))")) }
        let out: ExternalTool.Output
        do {
            out = try ExternalTool.run("soffice", ["-env:UserInstallation=file://" + scratch + "/profile", "--headless", "--norestore",
                                                   "--nologo", "--convert-to", "pdf", "--outdir", scratch, input],
                                       timeout: timeout, maxOutput: 1 << 16, memoryLimit: 2 << 30, environment: ["HOME": scratch])
        } catch { return .failure(Failure(description: "\(error)")) }
        let pdf = scratch + "/document.pdf"
        if out.timedOut {
            return .failure(Failure(description: "LibreOffice took longer than \(Int(timeout)) s and was stopped"))
        }
        guard FileManager.default.fileExists(atPath: pdf) else {
            return .failure(Failure(description: "LibreOffice drew no preview: " + ExternalTool.firstLine(out.stderr.isEmpty ? String(decoding: out.stdout, as: UTF8.self) : out.stderr, hiding: path)))
        }
        return .success(pdf)
    }
}
