import KhoVocabulary
/// Decides whether sniffed content may enter the catalogue as what its name says.
///
/// The rule: active content — programs, scripts, web pages — wearing the name of a passive
/// type (a photo, a PDF, a Word file) is refused and quarantined; it is the classic way to slip
/// something executable into a library that people open with a double click. Any other
/// disagreement between name and content is recorded and the content's type wins.
public enum ContentPolicy {
    public enum Verdict: Equatable, Sendable {
        /// Catalogue it. `mismatch` is true when the extension claims another type.
        case accept(kind: MediaKind, claimed: ClaimedType?, mismatch: Bool)
        case quarantine(reason: String, claimed: ClaimedType?)
    }

    public static func evaluate(detectedMIME: String, fileName: String) -> Verdict {
        let claimed = ClaimedType(fileName: fileName)
        let mismatch = claimed.map { !$0.matches(detectedMIME) } ?? false
        if mismatch, let claimed, let active = activeContent(detectedMIME), activeContent(claimed.mime) == nil,
           !(claimed.mime.hasPrefix("text/") && !active.hasPrefix("a program")) {
            return .quarantine(
                reason: "named like \(describe(claimed)) but the content is \(active) (\(detectedMIME))",
                claimed: claimed)
        }
        return .accept(kind: MediaKind(mime: detectedMIME), claimed: claimed, mismatch: mismatch)
    }

    /// A plain description of active content, or nil for passive content.
    static func activeContent(_ mime: String) -> String? {
        switch mime {
        case "application/x-executable", "application/x-pie-executable", "application/x-sharedlib",
             "application/x-dosexec", "application/x-msdownload", "application/x-mach-binary",
             "application/x-object", "application/x-elf", "application/x-coff", "application/vnd.microsoft.portable-executable":
            return "a program (executable)"
        case "text/x-shellscript", "text/x-python", "text/x-script.python", "text/x-perl", "text/x-php",
             "text/x-ruby", "text/x-msdos-batch", "application/javascript", "text/javascript",
             "application/x-javascript", "text/x-lua", "text/x-tcl", "application/x-powershell":
            return "a script"
        case "text/html", "application/xhtml+xml":
            return "a web page (it can carry scripts)"
        default:
            return nil
        }
    }

    static func describe(_ claimed: ClaimedType) -> String {
        switch claimed.kind {
        case .image: return "an image (.\(claimed.ext))"
        case .video: return "a video (.\(claimed.ext))"
        case .audio: return "an audio file (.\(claimed.ext))"
        case .document: return "a document (.\(claimed.ext))"
        case .archive: return "an archive (.\(claimed.ext))"
        case .other: return "a .\(claimed.ext) file"
        }
    }
}
