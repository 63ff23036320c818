import Foundation
import KhoVocabulary

/// Facts of a video or audio file from ffprobe's JSON (duration, container, codecs, size, frame
/// rate, bit rate, creation time, title/artist/comment tags), with a time limit: a truncated or
/// hostile file makes ffprobe fail or stop, never kho.
enum MediaProbe {
    struct Probe: Decodable {
        struct Format: Decodable {
            let format_name: String?, duration: String?, bit_rate: String?, tags: [String: String]?
        }
        struct Stream: Decodable {
            let codec_type: String?, codec_name: String?, width: Int?, height: Int?, avg_frame_rate: String?
            let sample_rate: String?, channels: Int?, tags: [String: String]?
        }
        let format: Format?
        let streams: [Stream]?
    }

    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        let out: ExternalTool.Output
        do {
            out = try ExternalTool.run("ffprobe", ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", path],
                                       timeout: limits.toolTimeout, maxOutput: 4 << 20)
        } catch {
            return .failed("\(error)")
        }
        if out.timedOut { return .failed("ffprobe took longer than \(Int(limits.toolTimeout)) s and was stopped (damaged file?)") }
        guard let probe = try? JSONDecoder().decode(Probe.self, from: out.stdout), let format = probe.format else {
            return .failed("not a readable media file: " + ExternalTool.firstLine(out.stderr, hiding: path))
        }
        var e = Extraction()
        if !out.stderr.isEmpty { e.warn("damaged or truncated: " + ExternalTool.firstLine(out.stderr, hiding: path)) }
        // ffprobe trusts an MP4's index even when the frames it points to were never written.
        if let name = format.format_name, name.contains("mp4") || name.contains("mov"), let cut = ISOBoxes.truncation(path: path) {
            e.warn(cut)
        }
        // Tag names differ by container (title, TITLE, ©nam mapped by ffmpeg); compare without case.
        var tags: [String: String] = [:]
        for (k, v) in format.tags ?? [:] { tags[k.lowercased()] = v }
        for stream in probe.streams ?? [] { for (k, v) in stream.tags ?? [:] where tags[k.lowercased()] == nil { tags[k.lowercased()] = v } }
        e.title = tags["title"]
        for key in ["title", "artist", "album", "album_artist", "comment", "genre", "date", "copyright", "description"] {
            e.fact("media." + key, tags[key])
        }
        if let created = tags["creation_time"] {
            e.fact("media.creation_time", created)
            e.takenAt = isoDate(created)
        }
        e.fact("media.container", format.format_name)
        if let d = format.duration, let seconds = Double(d) { e.fact("media.duration", String(format: "%.3f", seconds)) }
        e.fact("media.bit_rate", format.bit_rate)
        if let video = probe.streams?.first(where: { $0.codec_type == "video" }) {
            e.fact("media.video_codec", video.codec_name)
            if let w = video.width, let h = video.height { e.fact("media.width", String(w)); e.fact("media.height", String(h)) }
            if let r = video.avg_frame_rate, r != "0/0" { e.fact("media.frame_rate", frameRate(r)) }
        }
        if let audio = probe.streams?.first(where: { $0.codec_type == "audio" }) {
            e.fact("media.audio_codec", audio.codec_name)
            e.fact("media.sample_rate", audio.sample_rate)
            if let c = audio.channels { e.fact("media.channels", String(c)) }
        }
        return e
    }

    /// "30000/1001" → "29.970"
    static func frameRate(_ r: String) -> String {
        let parts = r.split(separator: "/").compactMap { Double($0) }
        guard parts.count == 2, parts[1] != 0 else { return r }
        return String(format: "%.3f", parts[0] / parts[1])
    }

    /// "2026-10-10T08:00:00.000000Z" → "2026-10-10T08:00:00+00:00"
    static func isoDate(_ s: String) -> String? {
        guard s.count >= 19 else { return nil }
        let base = String(s.prefix(19)).replacingOccurrences(of: " ", with: "T")
        return s.hasSuffix("Z") ? base + "+00:00" : base
    }
}
