import Foundation
import KhoVocabulary

/// Photo metadata of the containers libexif cannot open (TIFF, HEIF): Phil Harvey's exiftool,
/// the reference reader (Debian's libimage-exiftool-perl), as a child process with a time limit.
enum ExifTool {
    struct Tags: Decodable {
        let Make: String?, Model: String?, DateTimeOriginal: String?, OffsetTimeOriginal: String?, ImageDescription: String?
        let Artist: String?, Copyright: String?, XPTitle: String?, XPComment: String?, XPKeywords: String?
        let XPAuthor: String?, XPSubject: String?, LensModel: String?
        let Orientation: Int?, ISO: Int?, ImageWidth: Int?, ImageHeight: Int?
        let ExposureTime: Double?, FNumber: Double?, FocalLength: Double?
        let GPSLatitude: Double?, GPSLongitude: Double?, GPSAltitude: Double?
    }

    /// The tags kho reads, asked for by name so that exiftool gives its preferred (composite,
    /// signed) GPS values.
    static let tagArguments = ["Make", "Model", "DateTimeOriginal", "OffsetTimeOriginal", "ImageDescription", "Artist",
                               "Copyright", "XPTitle", "XPComment", "XPKeywords", "XPAuthor", "XPSubject", "LensModel",
                               "Orientation", "ISO", "ImageWidth", "ImageHeight", "ExposureTime", "FNumber", "FocalLength",
                               "GPSLatitude", "GPSLongitude", "GPSAltitude"].map { "-" + $0 }

    /// Camera, date taken, GPS and orientation from wherever exiftool finds them (maker notes, CIFF,
    /// vendors' segments), or nil.
    static func cameraTags(path: String, limits: ExtractionLimits) -> Tags? {
        let wanted = ["-Make", "-Model", "-DateTimeOriginal", "-OffsetTimeOriginal", "-Orientation", "-GPSLatitude", "-GPSLongitude", "-GPSAltitude"]
        guard let out = ExifToolSession.run(["-j", "-n", "-charset", "UTF8"] + wanted + [path], timeout: limits.toolTimeout, maxOutput: 1 << 16)
        else { return nil }
        return try? JSONDecoder().decode([Tags].self, from: out).first
    }

    static func extract(path: String, limits: ExtractionLimits) -> Extraction {
        do {
            guard let out = ExifToolSession.run(["-j", "-n", "-charset", "UTF8"] + tagArguments + [path],
                                                timeout: limits.toolTimeout, maxOutput: 4 << 20) else {
                return .failed("exiftool could not read it within \(Int(limits.toolTimeout)) s")
            }
            guard let tags = try JSONDecoder().decode([Tags].self, from: out).first else { return Extraction(status: .none) }
            var facts = ExifFacts()
            facts.make = tags.Make
            facts.model = tags.Model
            facts.dateTaken = tags.DateTimeOriginal
            facts.orientation = tags.Orientation
            facts.description = tags.ImageDescription
            facts.artist = tags.Artist
            facts.copyright = tags.Copyright
            facts.xp = ["title": tags.XPTitle, "comment": tags.XPComment, "keywords": tags.XPKeywords,
                        "author": tags.XPAuthor, "subject": tags.XPSubject].compactMapValues { $0 }
            facts.offset = tags.OffsetTimeOriginal
            facts.lens = tags.LensModel
            facts.iso = tags.ISO
            facts.exposureTime = tags.ExposureTime
            facts.fNumber = tags.FNumber
            facts.focalLength = tags.FocalLength
            facts.latitude = tags.GPSLatitude
            facts.longitude = tags.GPSLongitude
            facts.altitude = tags.GPSAltitude
            facts.width = tags.ImageWidth
            facts.height = tags.ImageHeight
            var e = Extraction(status: facts.isEmpty ? .none : .ok)
            for (key, value) in facts.pairs { e.fact(key, value) }
            e.takenAt = facts.takenAtISO
            return e
        } catch {
            return .failed("\(error)")
        }
    }
}
