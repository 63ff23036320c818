import Foundation

/// Scans made on the spot, not taken from the corpus: pages drawn by ImageMagick (white A4 at
/// 200 dpi, black DejaVu text) and bound into a PDF without a text layer by reportlab — what an
/// office scanner delivers.
extension TestSupport {
    /// The words each page of a made scan carries: "TRANG SO n" and one line of Vietnamese.
    public static func scanLines(page: Int, tag: String) -> [String] {
        ["TRANG SO \(page)", "Kế hoạch \(tag) trang \(page)"]
    }

    /// Writes `name`.pdf in `dir` with `pages` pages of `scanLines(page:tag:)`; returns its path.
    public static func makeScan(in dir: String, name: String = "scan", pages: Int, tag: String = "chuyển đổi số") throws -> String {
        let python = packageRoot.appendingPathComponent(".build/test-venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "run `make test` (it makes .build/test-venv with reportlab)")
        }
        for page in 1...pages {
            let lines = scanLines(page: page, tag: tag)
            let made = try run("/usr/bin/convert", ["-size", "1654x2339", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "48",
                                                    "-fill", "black", "-annotate", "+150+300", lines[0], "-annotate", "+150+420", lines[1],
                                                    "\(dir)/\(name)-p\(page).png"])
            guard made.status == 0 else { throw Failure(description: "convert: \(made.stderr)") }
        }
        let pdf = try run(python, ["-c", """
            from reportlab.pdfgen import canvas
            from reportlab.lib.pagesizes import A4
            c = canvas.Canvas('\(dir)/\(name).pdf', pagesize=A4)
            for i in range(1, \(pages + 1)):
                c.drawImage('\(dir)/\(name)-p%d.png' % i, 0, 0, width=A4[0], height=A4[1])
                c.showPage()
            c.save()
            """])
        guard pdf.status == 0 else { throw Failure(description: "reportlab: \(pdf.stderr)") }
        for page in 1...pages { try? FileManager.default.removeItem(atPath: "\(dir)/\(name)-p\(page).png") }
        return "\(dir)/\(name).pdf"
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }
}
