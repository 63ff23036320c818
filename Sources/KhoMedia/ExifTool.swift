import Foundation

/// Photo metadata of the containers libexif cannot open (TIFF, HEIF): Phil Harvey's exiftool,
/// the reference reader (Debian's libimage-exiftool-perl), as a child process with a time limit.
enum ExifTool {
    struct Tags: Decodable {
        let Make: String?, Model: String?, DateTimeOriginal: String?, ImageDescription: String?
        let Artist: String?, Copyright: String?, XPTitle: String?, XPComment: String?, XPKeywords: String?
        let Orientation: Int?
    }

    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        do {
            let out = try ExternalTool.run("exiftool", ["-j", "-n", "-charset", "UTF8", "-EXIF:all", "-XMP:all", path],
                                           timeout: limits.toolTimeout, maxOutput: 4 << 20)
            guard !out.timedOut else { return .failed("exiftool took longer than \(Int(limits.toolTimeout)) s and was stopped") }
            guard let tags = try JSONDecoder().decode([Tags].self, from: out.stdout).first else { return Extraction(status: .none) }
            var facts = ExifFacts()
            facts.make = tags.Make
            facts.model = tags.Model
            facts.dateTaken = tags.DateTimeOriginal
            facts.orientation = tags.Orientation
            facts.description = tags.ImageDescription
            facts.artist = tags.Artist
            facts.copyright = tags.Copyright
            facts.xp = ["title": tags.XPTitle, "comment": tags.XPComment, "keywords": tags.XPKeywords].compactMapValues { $0 }
            var e = Extraction(status: facts.isEmpty ? .none : .ok)
            for (key, value) in facts.pairs { e.fact(key, value) }
            e.takenAt = facts.takenAtISO
            return e
        } catch {
            return .failed("\(error)")
        }
    }
}
