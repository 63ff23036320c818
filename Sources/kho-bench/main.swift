// kho-bench: measures kho against the plain tools a person would otherwise use, in the same run.
//
//   make bench                                  every section
//   make bench BENCH_ARGS="ingest --quick"       one section, smaller (a smoke run)
//
// Sections: feel (the corpus findable and read by OCR against Tesseract by hand, kho search
// against recollq, 12-MP photos against vipsthumbnail), ingest (kho ingest vs cp -r && sync), search (FTS latency and indexing at 100,000 documents),
// extract (extraction cost per format on the shared corpus), watch (drop-to-visible latency and
// files/s of kho watch against kho ingest; BENCH_STABLE sets the window, default 5 s), audit (kho
// audit --full against sha256sum over a 1 GiB store, and its memory at two store sizes), dedup
// (image hashing against imagehash, neighbour queries at 1M hashes, clustering, MinHash), classify
// (rules per item, OCR pages per minute), web (kho serve's pages at 100,000 items, with wrk). The run ends with one table of issue 15's targets.
import KhoVocabulary
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let quick = arguments.contains("--quick")
let sections = arguments.filter { !$0.hasPrefix("--") }
let all = sections.isEmpty
let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let kho = exe.appendingPathComponent("kho").path
let work = ProcessInfo.processInfo.environment["BENCH_DIR"] ?? FileManager.default.currentDirectoryPath + "/.build/bench-work"
let corpus = ProcessInfo.processInfo.environment["KHO_CORPUS"] ?? FileManager.default.currentDirectoryPath + "/../shared/corpus"

if all || sections.contains("feel") { try feelBench(quick: quick) }
if all || sections.contains("ingest") { try ingestBench(quick: quick) }
if all || sections.contains("search") { try searchBench(quick: quick) }
if all || sections.contains("extract") { try extractBench(quick: quick) }
if all || sections.contains("watch") { try watchBench(quick: quick) }
if all || sections.contains("audit") { try auditBench(quick: quick) }
if all || sections.contains("dedup") { try dedupBench(quick: quick) }
if all || sections.contains("classify") { try classifyBench(quick: quick) }
if all || sections.contains("web") { try webBench(quick: quick) }
printSpeedTable()
