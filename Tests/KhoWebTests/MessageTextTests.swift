import KhoTestSupport
@testable import KhoWeb
import Testing

/// The library's English messages as the Vietnamese pages say them.
@Suite("kho serve: the library's messages in Vietnamese")
struct MessageTextTests {
    let vi = Strings.of(.vi), en = Strings.of(.en)

    @Test("each message a page can show, said in Vietnamese; English stays as it is; unknown ones pass through")
    func messages() {
        let cases: [(String, String)] = [
            ("named like an image (.jpg) but the content is a script (text/x-shellscript)",
             "tên tệp là ảnh (.jpg) nhưng nội dung là một đoạn mã lệnh (script) (text/x-shellscript) — đã cách ly, không đưa vào kho"),
            ("named like a document (.pdf) but the content is a web page (it can carry scripts) (text/html)",
             "tên tệp là văn bản (.pdf) nhưng nội dung là một trang web (có thể chứa mã lệnh) (text/html) — đã cách ly, không đưa vào kho"),
            ("empty file (0 bytes): nothing to keep — check that it was copied completely",
             "tệp rỗng (0 byte): không có gì để lưu — kiểm tra tệp đã được sao chép đủ chưa"),
            ("named .png but the content is image/jpeg", "đuôi tệp là .png nhưng nội dung là image/jpeg"),
            ("removed on 2026-11-30 by lan@kho (bản trùng): still hidden — kho remove 36041cd8f8e8 --undo brings it back",
             "đã bị gỡ khỏi kho ngày 30/11/2026 bởi lan@kho (bản trùng): vẫn đang ẩn — quản trị viên có thể khôi phục bằng kho remove 36041cd8f8e8 --undo"),
            ("no topic is called 'chuyen doi'; did you mean chuyển đổi số? (kho facets lists them all)",
             "không có chủ đề nào tên “chuyen doi”; có phải ý bạn là chuyển đổi số?"),
            ("named .jpg but the content is image/png; removed on 2026-01-02 by a (b): still hidden — kho remove abc --undo brings it back",
             "đuôi tệp là .jpg nhưng nội dung là image/png; đã bị gỡ khỏi kho ngày 02/01/2026 bởi a (b): vẫn đang ẩn — quản trị viên có thể khôi phục bằng kho remove abc --undo"),
            ("something kho has not said before", "something kho has not said before"),
        ]
        for (english, vietnamese) in cases {
            #expect(MessageText.say(english, vi) == vietnamese)
            #expect(MessageText.say(english, en) == english)
        }
    }
}
