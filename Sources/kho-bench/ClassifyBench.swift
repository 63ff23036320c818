// Classification: the cost of the rules and document parsing per item, and of OCR per page.
import KhoVocabulary
import Foundation
import KhoCatalogue
import KhoKit
import KhoMedia

func classifyBench(quick: Bool) throws {
    let root = work + "/classify"
    try? FileManager.default.removeItem(atPath: root)
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    let repository = try Repository.initialize(at: root + "/Storage").0
    var options = IngestJob.Options()
    options.ocr = false
    _ = try IngestJob(repository: repository, options: options)
        .run(roots: ["documents", "images", "media"].map { corpus + "/" + $0 })
    let items = try repository.catalogue.objectCount()
    let job = try ClassifyJob(repository: repository)
    let rounds = quick ? 2 : 10
    let start = DispatchTime.now()
    for _ in 0..<rounds { _ = try job.run(all: true) }
    let perItem = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6 / Double(rounds * items)

    // OCR: the corpus scan (2 pages at 200 dpi), and a poster as an image.
    let scan = corpus + "/documents/ban-scan-KH-BQL-Thai-Nguyen-trien-khai-NQ57-trang-1-2.pdf"
    let ocrRounds = quick ? 1 : 3
    let t = DispatchTime.now()
    var pages = 0
    for _ in 0..<ocrRounds {
        let x = Extractor.extract(path: scan, mime: "application/pdf", head: [], limits: ExtractionLimits(ocr: true))
        pages += x.pages ?? 0
    }
    let ocrSeconds = Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e9
    // The yardstick, same run: the same pages rendered by hand, each read by a single-threaded
    // tesseract, one after the other (what one core does per page).
    let pagesDir = root + "/pages"
    try FileManager.default.createDirectory(atPath: pagesDir, withIntermediateDirectories: true)
    shell("pdftoppm -r 200 -gray '\(scan)' '\(pagesDir)/p'")
    let rendered = try FileManager.default.contentsOfDirectory(atPath: pagesDir).filter { $0.hasSuffix(".pgm") }.sorted()
    var handSeconds = 0.0
    for _ in 0..<ocrRounds {
        for page in rendered {
            handSeconds += measure(["/usr/bin/env", "OMP_THREAD_LIMIT=1", "tesseract", pagesDir + "/" + page, "-", "-l", "vie+eng", "--psm", "3"]).seconds
        }
    }
    let handPerPage = handSeconds / Double(max(1, rendered.count * ocrRounds))
    let poster = corpus + "/images/graphics/cds-nghi-quyet-57-poster.png"
    let p = DispatchTime.now()
    _ = OCR.image(path: poster, timeout: 120)
    let posterSeconds = Double(DispatchTime.now().uptimeNanoseconds - p.uptimeNanoseconds) / 1e9
    // Pixel statistics (flat colour, tones) of pictures without camera data, against the 32-pixel
    // decode every picture gets for its fingerprint.
    var pictures: [String] = []
    for dir in ["images/photos", "neardup/images", "images/graphics"] {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: corpus + "/" + dir)) ?? [] where !name.hasSuffix(".svg") {
            pictures.append(corpus + "/" + dir + "/" + name)
        }
    }
    func msPerPicture(_ body: (String) -> Void) -> Double {
        let t = DispatchTime.now()
        for _ in 0..<rounds { for path in pictures { body(path) } }
        return Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1e6 / Double(rounds * pictures.count)
    }
    let statsMs = msPerPicture { _ = PictureStatistics.measure(path: $0) }
    let hashMs = msPerPicture { _ = ImagePixels.grey(path: $0) }
    print("")
    print("classify: rules, document fields and citations over the corpus (\(items) items, release build, one core)")
    print(String(format: "  classification without OCR: %.2f ms per item (kho classify --all, %d rounds)", perItem, rounds))
    print(String(format: "  pixel statistics of a picture without camera data (256 px): %.2f ms; the fingerprint's 32-px decode: %.2f ms (%d corpus pictures)",
                 statsMs, hashMs, pictures.count))
    print(String(format: "  OCR of a scanned PDF (pdftoppm 200 dpi + Tesseract vie+eng): %.2f s per page, %.1f pages/minute", ocrSeconds / Double(pages), Double(pages) / ocrSeconds * 60))
    let ratio = (ocrSeconds / Double(pages)) / handPerPage
    let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
    print(String(format: "  single-threaded tesseract by hand on the same rendered pages: %.2f s per page → kho %.2f× per page of wall time (%.2f× in core time, pages side by side on %.0f cores)   target ≤ 1.3×  %@",
                 handPerPage, ratio, ratio * cores, cores, ratio * cores <= 1.3 ? "met" : "MISSED"))
    speedRows.append(SpeedRow(what: "OCR per page, scanned PDF (core time)", kho: String(format: "%.2f s", ocrSeconds / Double(pages) * cores),
                              yardstick: String(format: "tesseract by hand %.2f s", handPerPage), ratio: String(format: "%.2f×", ratio * cores),
                              target: "≤ 1.3×", holds: ratio * cores <= 1.3))
    print(String(format: "  OCR of a 1080-pixel poster (Tesseract): %.1f s", posterSeconds))
    print(String(format: "  so an item costs ~%.2f ms to classify, or ~%.1f s per page when it must be read by OCR", perItem, ocrSeconds / Double(pages)))
    if ProcessInfo.processInfo.environment["BENCH_KEEP"] == nil { try? FileManager.default.removeItem(atPath: root) }
}
