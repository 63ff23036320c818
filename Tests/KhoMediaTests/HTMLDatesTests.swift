import KhoVocabulary
@testable import KhoMedia
import KhoTestSupport
import Testing

@Suite("A web page's publication date")
struct HTMLDatesTests {
    @Test("meta tags of several publishing systems, JSON-LD, <time>; nothing guessed from prose", arguments: [
        (#"<meta property="article:published_time" content="2026-12-31T17:30:00Z">"#, "2026-12-31T17:30:00+00:00"),
        (#"<meta content='2026-03-16T08:05:09.123+0700' property='article:published_time'/>"#, "2026-03-16T08:05:09+07:00"),
        (#"<META NAME="pubdate" CONTENT="2026-03-16 08:05">"#, "2026-03-16T08:05:00"),
        (#"<meta itemprop="datePublished" content="2026-03-16">"#, "2026-03-16"),
        (#"<meta name="DC.date.issued" content="2026-10-10"><meta name="date" content="2025-01-01">"#, "2026-10-10"),
        (#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2026-05-18T07:00:00+07:00"}</script>"#, "2026-05-18T07:00:00+07:00"),
        (#"<p>Tin tức · <time datetime="2026-03-16">16/03/2026</time></p>"#, "2026-03-16"),
        (#"<meta name="date" content="16/03/2026"><time datetime="2026-02-30">x</time>"#, nil),
        (#"<p>Ngày 16/03/2026, UBND xã ban hành kế hoạch.</p>"#, nil),
    ] as [(String, String?)])
    func published(html: String, expected: String?) {
        #expect(HTMLDates.published("<html><head>" + html + "</head></html>") == expected)
    }

    @Test("the corpus's news article: its <time> becomes the item's own date")
    func corpus() throws {
        let path = TestSupport.corpusPath("documents/tin-bai-Nam-Cuong-trien-khai-truyen-thong-NQ57.html")
        let x = Extractor.extract(path: path, mime: "text/html", head: [])
        #expect(x.takenAt == "2026-03-16")
        #expect(x.facts.first { $0.key == "html.published" }?.value == "2026-03-16")
    }
}
