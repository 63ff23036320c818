// What a person waits for, against the tool a person would otherwise run, in the same run:
// the shared corpus made findable and read by OCR (against Tesseract by hand), `kho search`
// against recollq, and twenty 12-megapixel photos against vipsthumbnail.
import Foundation
import Glibc
import KhoCatalogue
import KhoVocabulary

func feelBench(quick: Bool) throws {
    let dir = work + "/feel"
    try? FileManager.default.removeItem(atPath: dir)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let cores = ProcessInfo.processInfo.activeProcessorCount

    // 1. The corpus: findable at once, then read by OCR.
    var findable: [Double] = [], whole: [Double] = []
    for run in 0..<(quick ? 1 : 3) {
        let repo = "\(dir)/corpus-\(run)"
        _ = measure([kho, "init", "--repo", repo])
        findable.append(measure(failureExpected: true, [kho, "ingest", "--repo", repo, corpus, "--no-wait"]).seconds)
        whole.append(findable.last! + measure([kho, "ocr", "--repo", repo]).seconds)
    }
    // Tesseract by hand on what kho queued: each scan's pages rendered as kho renders them, each picture as stored.
    let repo = "\(dir)/corpus-yardstick"
    _ = measure([kho, "init", "--repo", repo])
    _ = measure(failureExpected: true, [kho, "ingest", "--repo", repo, corpus, "--no-wait"])
    let queued = try Catalogue(path: repo + "/catalogue.sqlite", readOnly: true).ocrQueue(limit: 10_000)
    var handSeconds = 0.0, pages = 0
    for (entry, object) in queued {
        let d = object.digest
        let path = "\(repo)/objects/sha256/\(d.prefix(2))/\(d)"
        var images = [path]
        if entry.work == .pages {
            shell("pdftoppm -r 200 -gray '\(path)' '\(dir)/page-\(d.prefix(8))'")
            images = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("page-\(d.prefix(8))") }.sorted().map { dir + "/" + $0 }
        }
        for image in images {
            handSeconds += measure(["/usr/bin/env", "OMP_THREAD_LIMIT=1", "tesseract", image, "-", "-l", "vie+eng", "--psm", "3"]).seconds
            pages += 1
        }
    }
    addAbsoluteRow("corpus: every file findable by name (ingest --no-wait)", kho: median(findable), unit: "s", limit: 2)
    addSpeedRow("corpus: whole run, OCR of \(pages) pages included", kho: median(whole), unit: "s",
                yardstickName: "Σ tesseract/\(cores)", yardstick: handSeconds / Double(cores), limit: 1.3)

    // 2. kho search against recollq, whole processes (hyperfine), on the same files and query.
    let conf = dir + "/recoll"
    try FileManager.default.createDirectory(atPath: conf, withIntermediateDirectories: true)
    try "topdirs = \(corpus)\n".write(toFile: conf + "/recoll.conf", atomically: true, encoding: .utf8)
    FileHandle.standardError.write(Data("indexing the corpus with recollindex…\n".utf8))
    _ = measure(failureExpected: true, ["recollindex", "-c", conf])
    let json = dir + "/hyperfine.json"
    _ = measure(["hyperfine", "-N", "-w", "5", "-r", quick ? "10" : "50", "--export-json", json,
                 "recollq -c \(conf) chuyen doi so", "\(kho) search --repo \(dir)/corpus-0 chuyen doi so", "\(kho) --version"])
    let results = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
    let medians = (results?["results"] as? [[String: Any]] ?? []).map { ($0["median"] as? Double ?? 0) * 1000 }
    if medians.count == 3 {
        addSpeedRow("kho search chuyen doi so (whole process)", kho: medians[1], unit: "ms", yardstickName: "recollq", yardstick: medians[0], limit: 1.5)
        speedRows.append(SpeedRow(what: "  of which start-up (kho --version)", kho: String(format: "%.1f ms", medians[2]), yardstick: "",
                                  ratio: "", target: "", holds: nil))
    }

    // 3. Twenty 12-megapixel photos against vipsthumbnail -s 32, as many processes as cores.
    let photos = dir + "/photos"
    try FileManager.default.createDirectory(atPath: photos, withIntermediateDirectories: true)
    FileHandle.standardError.write(Data("making twenty 12-megapixel photos…\n".utf8))
    shell("convert -size 4000x3000 plasma:fractal -quality 90 '\(photos)/anh-00.jpg'")
    let count = quick ? 6 : 20
    for i in 1..<count {
        shell("convert '\(photos)/anh-00.jpg' -modulate 100,\(100 - i),\(100 + 4 * i) -quality 90 '\(photos)/anh-\(String(format: "%02d", i)).jpg'")
    }
    var khoPhotos: [Double] = [], thumbs: [Double] = []
    for run in 0..<(quick ? 1 : 3) {
        _ = measure([kho, "init", "--repo", "\(dir)/photos-\(run)"])
        khoPhotos.append(measure([kho, "ingest", "--repo", "\(dir)/photos-\(run)", photos, "--no-previews"]).seconds)
        thumbs.append(measure(["/bin/sh", "-c", "ls '\(photos)'/*.jpg | xargs -P \(cores) -n 1 vipsthumbnail -s 32 -o '\(dir)/tn-%s.jpg'"]).seconds)
    }
    addSpeedRow("\(count) photos of 12 MP, whole ingest", kho: median(khoPhotos), unit: "s",
                yardstickName: "vipsthumbnail -s 32 ×\(cores)", yardstick: median(thumbs), limit: 1.3)

    // 4. Previews (issue 16): kho previews --all (a 1,280-px and a 256-px WebP from one decode) against
    // vipsthumbnail making the 1,280-px WebP alone, as many processes as cores. No target yet.
    var previews: [Double] = [], webps: [Double] = []
    for _ in 0..<(quick ? 1 : 3) {
        previews.append(measure([kho, "previews", "--repo", "\(dir)/photos-0", "--all"]).seconds)
        webps.append(measure(["/bin/sh", "-c", "ls '\(photos)'/*.jpg | xargs -P \(cores) -n 1 vipsthumbnail -s 1280 -o '\(dir)/tn-%s.webp[Q=80]'"]).seconds)
    }
    let perSecond = Double(count) / median(previews), yardstickPerSecond = Double(count) / median(webps)
    print(String(format: "previews of 12-MP photos: kho %.1f pictures/s (two sizes each), vipsthumbnail -s 1280 ×%d %.1f/s", perSecond, cores, yardstickPerSecond))
    speedRows.append(SpeedRow(what: "previews, 12-MP photos (kho previews --all)", kho: String(format: "%.1f /s", perSecond),
                              yardstick: String(format: "vipsthumbnail -s 1280 ×%d %.1f /s", cores, yardstickPerSecond),
                              ratio: String(format: "%.2f×", median(previews) / median(webps)), target: "", holds: nil))
    if ProcessInfo.processInfo.environment["BENCH_KEEP"] == nil { try? FileManager.default.removeItem(atPath: dir) }
}
