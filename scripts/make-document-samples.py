#!/usr/bin/env python3
"""Writes a labelled set of Vietnamese documents — news articles, administrative documents of the
types in Appendix I of Decree 30/2020/NĐ-CP (plans, decisions, reports, official letters,
announcements, minutes) and slide decks (.pptx and .odp) — the texts each as UTF-8 text (LF), Windows text (CRLF with a BOM, as Notepad and
Word's "save as text" write it), .docx, .odt and, when the reportlab package is there, a PDF with a
text layer (articles also as .html), and labels.tsv with the content type and fields kho must read
from every one of those formats.

usage: make-document-samples.py OUTPUT_DIR
"""
import os, sys, zipfile
from xml.sax.saxutils import escape

out = sys.argv[1]
os.makedirs(out, exist_ok=True)

ARTICLES = [
    # id, lines, date (ISO), place (from the dateline, else from the byline's office), source or author
    ("tin-01", ["Thời sự - Thứ Hai, 16/03/2026 08:30", "Xã Nam Cường đẩy mạnh truyền thông về chuyển đổi số",
                "Sáng nay, Ủy ban nhân dân xã Nam Cường tổ chức hội nghị triển khai kế hoạch truyền thông về chuyển đổi số năm 2026.",
                "Hội nghị có sự tham dự của đại diện các thôn, bản và đoàn thể trên địa bàn xã.",
                "Phóng viên Minh Anh"], "2026-03-16", None, "Minh Anh"),
    ("tin-02", ["Hải Phòng khởi động phong trào Bình dân học vụ số trong khu kinh tế", "Cập nhật: 09:15, Thứ Ba 5/5/2026",
                "Hải Phòng – Sáng 5/5, Ban Quản lý Khu kinh tế Hải Phòng phát động phong trào Bình dân học vụ số tới người lao động.",
                "Mục tiêu đến cuối năm có 80% người lao động được phổ cập kỹ năng số cơ bản.",
                "Tác giả: Lan Hương"], "2026-05-05", "Hải Phòng", "Lan Hương"),
    ("tin-03", ["Thái Nguyên ra mắt bản đồ số các khu công nghiệp",
                "THÁI NGUYÊN – Ngày 12 tháng 5 năm 2026, Ban Quản lý các khu công nghiệp tỉnh ra mắt bản đồ số 3D phục vụ nhà đầu tư.",
                "Bản đồ cung cấp thông tin về quỹ đất, hạ tầng và các doanh nghiệp đang hoạt động.",
                "Theo Báo Thái Nguyên"], "2026-05-12", "Thái Nguyên", "Báo Thái Nguyên"),
    ("tin-04", ["Kinh tế | 20/10/2026 14:05", "Doanh nghiệp trong khu công nghiệp ứng dụng chữ ký số",
                "Hơn 300 doanh nghiệp đã chuyển sang nộp hồ sơ lao động qua cổng dịch vụ công trực tuyến.",
                "Việc ứng dụng chữ ký số giúp rút ngắn thời gian xử lý hồ sơ từ năm ngày xuống còn một ngày.",
                "Nguồn: Cổng thông tin điện tử tỉnh Thái Nguyên"], "2026-10-20", "Thái Nguyên", "Cổng thông tin điện tử tỉnh Thái Nguyên"),
    ("tin-05", ["Hưởng ứng Ngày Chuyển đổi số quốc gia 10/10", "Thứ Sáu, ngày 10/10/2025",
                "Nhiều hoạt động hưởng ứng Ngày Chuyển đổi số quốc gia đã diễn ra sôi nổi tại các địa phương trong tỉnh.",
                "Các đơn vị tổ chức trưng bày sản phẩm số, tập huấn kỹ năng số cho người dân.",
                "Trung tâm Truyền thông tỉnh Thái Nguyên"], "2025-10-10", "Thái Nguyên", "Trung tâm Truyền thông tỉnh Thái Nguyên"),
    ("tin-06", ["Nam Cường tập huấn kỹ năng số cho tổ công nghệ số cộng đồng", "Nam Cường, 3/3/2026",
                "Hơn 50 thành viên tổ công nghệ số cộng đồng được hướng dẫn cài đặt và sử dụng các ứng dụng dịch vụ công.",
                "Tổ công nghệ số sẽ đi từng ngõ, gõ từng nhà để hỗ trợ người dân.",
                "Tin, ảnh: Hoàng Việt"], "2026-03-03", "Nam Cường", "Hoàng Việt"),
    ("tin-07", ["Hà Nội tổ chức diễn đàn đổi mới sáng tạo", "Hà Nội - 01/6/2026 - Diễn đàn đổi mới sáng tạo thu hút hơn 500 đại biểu.",
                "Các chuyên gia chia sẻ kinh nghiệm xây dựng hệ sinh thái khởi nghiệp sáng tạo.",
                "Phóng viên: Quốc Huy"], "2026-06-01", "Hà Nội", "Quốc Huy"),
    ("tin-08", ["Chủ nhật, 18/5/2026, 07:00 (GMT+7)", "Ngày Khoa học và Công nghệ Việt Nam: tôn vinh nhà khoa học trẻ",
                "Nhân Ngày Khoa học và Công nghệ Việt Nam 18/5, nhiều nhà khoa học trẻ được khen thưởng.",
                "Các công trình tập trung vào nông nghiệp thông minh và y tế số.",
                "Theo VnExpress"], "2026-05-18", None, "VnExpress"),
    ("tin-09", ["Ban Quản lý tổng kết công tác truyền thông năm 2026", "Ngày đăng: 15/12/2026",
                "Năm 2026, Ban Quản lý đã đăng tải 120 tin bài về hoạt động của các khu công nghiệp.",
                "Công tác truyền thông góp phần quảng bá môi trường đầu tư của tỉnh.",
                "Văn phòng Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên"], "2026-12-15", "Thái Nguyên",
                "Văn phòng Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên"),
    ("tin-10", ["Bản tin Chuyển đổi số – Thứ Tư, 2/9/2026", "Người dân thanh toán không dùng tiền mặt tại chợ truyền thống",
                "Nhiều tiểu thương đã sử dụng mã QR để nhận thanh toán từ khách hàng.",
                "Nguồn: Sở Khoa học và Công nghệ tỉnh Thái Nguyên"], "2026-09-02", "Thái Nguyên", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên"),
    # A site's category written in title case over its date: a category, not a place.
    ("tin-11", ["Thời Sự - Thứ Hai, 16/11/2026 08:30", "Kinh Tế Số Lan Tỏa Đến Từng Thôn Bản",
                "Nhiều hộ kinh doanh đã mở gian hàng trên sàn thương mại điện tử.",
                "Theo TTXVN"], "2026-11-16", None, "TTXVN"),
    ("tin-12", ["Hội nghị tổng kết chuyển đổi số khu vực miền Trung", "Cập nhật lúc 08:00 ngày 12/06/2026",
                "Đà Nẵng – Chiều 11/6, Sở Khoa học và Công nghệ tổ chức hội nghị tổng kết.",
                "Bài và ảnh: Minh Tú"], "2026-06-12", "Đà Nẵng", "Minh Tú"),
]

def admin(doc_id, parent, body, number, place, date_words, iso, heading, title_lines, text, recipients, capacity, signer,
          code, issuer, subject=None, to=None):
    lines = [parent, body, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "Số: " + number, place + ", " + date_words]
    if subject: lines.append(subject)
    if heading: lines.append(heading)
    lines += title_lines
    if to: lines.append("Kính gửi: " + to)
    lines += text
    lines.append("Nơi nhận:")
    lines += ["- " + r + ";" for r in recipients[:-1]] + ["- " + recipients[-1] + "."]
    lines += capacity
    lines.append(signer)
    return (doc_id, lines, code, number, place, iso, issuer, signer, " / ".join(capacity))

BQL = ("UBND TỈNH THÁI NGUYÊN", "BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên")
KKT = ("UBND THÀNH PHỐ HẢI PHÒNG", "BAN QUẢN LÝ KHU KINH TẾ", "Ban Quản lý Khu kinh tế thành phố Hải Phòng")
XA = ("ỦY BAN NHÂN DÂN", "XÃ NAM CƯỜNG", "Ủy ban nhân dân xã Nam Cường")
SO = ("UBND TỈNH THÁI NGUYÊN", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên")
PHUONG = ("ỦY BAN NHÂN DÂN", "PHƯỜNG SÔNG CÔNG", "Ủy ban nhân dân phường Sông Công")
HEAD = ("TRƯỞNG BAN", "Nguyễn Thế Hoàn")

ADMIN = [
    admin("kh-01", BQL[0], BQL[1], "15/KH-BQL", "Thái Nguyên", "ngày 20 tháng 01 năm 2026", "2026-01-20", "KẾ HOẠCH",
          ["Truyền thông về chuyển đổi số năm 2026"], ["Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.", "I. MỤC ĐÍCH, YÊU CẦU", "Nâng cao nhận thức về chuyển đổi số."],
          ["Sở Khoa học và Công nghệ", "Lưu: VT"], ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Trần Văn Long", "KH", BQL[2]),
    admin("kh-02", XA[0], XA[1], "/KH-UBND", "Nam Cường", "ngày tháng 3 năm 2026", "2026-03", "KẾ HOẠCH",
          ["Triển khai phong trào Bình dân học vụ số năm 2026"], ["Căn cứ Kế hoạch số 209/KH-UBND ngày 31/12/2025 của UBND tỉnh.", "1. Mục tiêu", "Phổ cập kỹ năng số cho người dân."],
          ["Các thôn, bản", "Lưu: VT"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lường Văn Toàn", "KH", XA[2]),
    admin("kh-03", KKT[0], KKT[1], "42/KH-BQL", "Hải Phòng", "ngày 05 tháng 02 năm 2026", "2026-02-05", "KẾ HOẠCH",
          ["Tuyên truyền về đổi mới sáng tạo", "trong các khu công nghiệp năm 2026"], ["Để triển khai hiệu quả công tác tuyên truyền, Ban Quản lý xây dựng kế hoạch như sau:", "I. MỤC ĐÍCH"],
          ["Các doanh nghiệp", "Lưu: VT, VP"], ["TRƯỞNG BAN"], "Phạm Minh Đức", "KH", KKT[2]),
    admin("kh-04", SO[0], SO[1], "108/KH-SKHCN", "Thái Nguyên", "ngày 10 tháng 4 năm 2026", "2026-04-10", "KẾ HOẠCH",
          ["Tổ chức Ngày Khoa học và Công nghệ Việt Nam 18/5"], ["Thực hiện chỉ đạo của UBND tỉnh.", "1. Thời gian: ngày 18/5/2026."],
          ["UBND tỉnh", "Lưu: VT"], ["GIÁM ĐỐC"], "Hoàng Thị Mai", "KH", SO[2]),
    admin("qd-01", BQL[0], BQL[1], "25/QĐ-BQL", "Thái Nguyên", "ngày 02 tháng 3 năm 2026", "2026-03-02", "QUYẾT ĐỊNH",
          ["Về việc thành lập Tổ biên tập tin bài năm 2026", "TRƯỞNG BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH THÁI NGUYÊN"],
          ["Căn cứ Quyết định số 1169/QĐ-TTg ngày 28/9/2023 của Thủ tướng Chính phủ;", "QUYẾT ĐỊNH:", "Điều 1. Thành lập Tổ biên tập tin bài.", "Điều 2. Quyết định có hiệu lực kể từ ngày ký."],
          ["Như Điều 2", "Lưu: VT"], ["TRƯỞNG BAN"], HEAD[1], "QĐ", BQL[2]),
    admin("qd-02", XA[0], XA[1], "112/QĐ-UBND", "Nam Cường", "ngày 15 tháng 6 năm 2026", "2026-06-15", "QUYẾT ĐỊNH",
          ["Về việc kiện toàn Tổ công nghệ số cộng đồng", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NAM CƯỜNG"],
          ["Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:", "Điều 1. Kiện toàn Tổ công nghệ số cộng đồng xã."],
          ["Như Điều 3", "Lưu: VT"], ["CHỦ TỊCH"], "Vàng Văn Sinh", "QĐ", XA[2]),
    admin("qd-03", PHUONG[0], PHUONG[1], "07/QĐ-UBND", "Sông Công", "ngày 08 tháng 01 năm 2026", "2026-01-08", "QUYẾT ĐỊNH",
          ["Ban hành Quy chế quản lý kho tài nguyên truyền thông số"], ["Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;", "QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Quy chế."],
          ["Như Điều 3", "Lưu: VT"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Đỗ Quang Trung", "QĐ", PHUONG[2]),
    admin("qd-04", SO[0], SO[1], "56/QĐ-SKHCN", "Thái Nguyên", "ngày 21 tháng 7 năm 2026", "2026-07-21", "QUYẾT ĐỊNH",
          ["Về việc phê duyệt danh mục nhiệm vụ khoa học năm 2027"], ["Căn cứ Luật Khoa học và Công nghệ;", "QUYẾT ĐỊNH:", "Điều 1. Phê duyệt danh mục."],
          ["Như Điều 2", "Lưu: VT"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Văn Bình", "QĐ", SO[2]),
    admin("bc-01", BQL[0], BQL[1], "301/BC-BQL", "Thái Nguyên", "ngày 10 tháng 6 năm 2026", "2026-06-10", "BÁO CÁO",
          ["Kết quả công tác truyền thông 6 tháng đầu năm 2026"], ["Thực hiện Kế hoạch số 15/KH-BQL, Ban Quản lý báo cáo như sau:", "I. KẾT QUẢ THỰC HIỆN"],
          ["UBND tỉnh", "Lưu: VT"], ["TRƯỞNG BAN"], HEAD[1], "BC", BQL[2]),
    admin("bc-02", XA[0], XA[1], "88/BC-UBND", "Nam Cường", "ngày 12 tháng 12 năm 2026", "2026-12-12", "BÁO CÁO",
          ["Tình hình thực hiện chuyển đổi số năm 2026"], ["Ủy ban nhân dân xã báo cáo kết quả như sau:", "1. Hạ tầng số"],
          ["UBND huyện", "Lưu: VT"], ["CHỦ TỊCH"], "Vàng Văn Sinh", "BC", XA[2]),
    admin("bc-03", KKT[0], KKT[1], "77/BC-BQL", "Hải Phòng", "ngày 14 tháng 6 năm 2026", "2026-06-14", "BÁO CÁO",
          ["Sơ kết phong trào Bình dân học vụ số"], ["Ban Quản lý báo cáo kết quả sơ kết như sau:", "I. ĐÁNH GIÁ CHUNG"],
          ["Sở Nội vụ", "Lưu: VT"], ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"], "Nguyễn Văn Chuẩn", "BC", KKT[2]),
    admin("bc-04", SO[0], SO[1], "210/BC-SKHCN", "Thái Nguyên", "ngày 30 tháng 11 năm 2026", "2026-11-30", "BÁO CÁO",
          ["Kết quả tổ chức Ngày Chuyển đổi số quốc gia năm 2026"], ["Sở Khoa học và Công nghệ báo cáo như sau:", "1. Các hoạt động đã tổ chức"],
          ["Bộ Khoa học và Công nghệ", "Lưu: VT"], ["GIÁM ĐỐC"], "Hoàng Thị Mai", "BC", SO[2]),
    admin("cv-01", XA[0], XA[1], "87/UBND-VP", "Nam Cường", "ngày 04 tháng 4 năm 2026", "2026-04-04", None, [],
          ["Ủy ban nhân dân xã đề nghị các thôn cử cán bộ tham gia tập huấn kỹ năng số.", "Thời gian: ngày 10/4/2026."],
          ["Như trên", "Lưu: VT"], ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Lường Văn Toàn", "CV", XA[2],
          subject="V/v cử cán bộ tham gia tập huấn kỹ năng số", to="Trưởng các thôn, bản"),
    admin("cv-02", BQL[0], BQL[1], "512/BQL-VP", "Thái Nguyên", "ngày 19 tháng 8 năm 2026", "2026-08-19", None, [],
          ["Ban Quản lý đề nghị các doanh nghiệp cung cấp hình ảnh hoạt động để đăng tải.", "Trân trọng."],
          ["Như trên", "Lưu: VT"], ["TL. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"], "Đinh Thu Hà", "CV", BQL[2],
          subject="V/v cung cấp hình ảnh cho thư viện tài nguyên truyền thông số", to="Các doanh nghiệp trong khu công nghiệp"),
    admin("cv-03", SO[0], SO[1], "1045/SKHCN-VP", "Thái Nguyên", "ngày 02 tháng 10 năm 2026", "2026-10-02", None, [],
          ["Sở Khoa học và Công nghệ hướng dẫn các đơn vị tổ chức hưởng ứng Ngày Chuyển đổi số quốc gia.", "Trân trọng."],
          ["Như trên", "Lưu: VT"], ["GIÁM ĐỐC"], "Hoàng Thị Mai", "CV", SO[2],
          subject="V/v hưởng ứng Ngày Chuyển đổi số quốc gia 10/10", to="Các sở, ban, ngành"),
    admin("cv-04", KKT[0], KKT[1], "233/BQL-KHĐT", "Hải Phòng", "ngày 25 tháng 5 năm 2026", "2026-05-25", None, [],
          ["Ban Quản lý đề nghị Sở Thông tin và Truyền thông hỗ trợ kết nối dữ liệu.", "Trân trọng./."],
          ["Như trên", "Lưu: VT"], ["TRƯỞNG BAN"], "Phạm Minh Đức", "CV", KKT[2],
          subject="V/v kết nối dữ liệu với nền tảng chia sẻ dữ liệu của thành phố", to="Sở Thông tin và Truyền thông"),
    admin("tb-01", BQL[0], BQL[1], "19/TB-BQL", "Thái Nguyên", "ngày 12 tháng 02 năm 2026", "2026-02-12", "THÔNG BÁO",
          ["Kết luận của Trưởng ban tại cuộc họp giao ban tháng 02 năm 2026"], ["Ngày 10/02/2026, Trưởng ban chủ trì cuộc họp giao ban.", "1. Các phòng hoàn thành kế hoạch."],
          ["Các phòng", "Lưu: VT"], ["TL. TRƯỞNG BAN", "CHÁNH VĂN PHÒNG"], "Đinh Thu Hà", "TB", BQL[2]),
    admin("tb-02", XA[0], XA[1], "05/TB-UBND", "Nam Cường", "ngày 18 tháng 9 năm 2026", "2026-09-18", "THÔNG BÁO",
          ["Lịch tiếp công dân tháng 10 năm 2026"], ["Ủy ban nhân dân xã thông báo lịch tiếp công dân như sau:", "1. Thứ Hai hằng tuần."],
          ["Các thôn", "Lưu: VT"], ["CHỦ TỊCH"], "Vàng Văn Sinh", "TB", XA[2]),
    admin("tb-03", SO[0], SO[1], "66/TB-SKHCN", "Thái Nguyên", "ngày 07 tháng 7 năm 2026", "2026-07-07", "THÔNG BÁO",
          ["Tuyển chọn tổ chức chủ trì nhiệm vụ khoa học"], ["Sở Khoa học và Công nghệ thông báo tuyển chọn như sau:", "1. Hồ sơ gồm:"],
          ["Các tổ chức", "Lưu: VT"], ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "Lê Văn Bình", "TB", SO[2]),
    admin("bb-01", BQL[0], BQL[1], "03/BB-BQL", "Thái Nguyên", "ngày 09 tháng 01 năm 2026", "2026-01-09", "BIÊN BẢN",
          ["Họp Tổ biên tập tin bài tháng 01 năm 2026"], ["Thời gian: 14 giờ ngày 09/01/2026.", "Thành phần: các thành viên Tổ biên tập."],
          ["Các thành viên", "Lưu: VT"], ["CHỦ TRÌ", "PHÓ TRƯỞNG BAN"], "Trần Văn Long", "BB", BQL[2]),
    admin("bb-02", XA[0], XA[1], "12/BB-UBND", "Nam Cường", "ngày 20 tháng 10 năm 2026", "2026-10-20", "BIÊN BẢN",
          ["Hội nghị tổng kết Tổ công nghệ số cộng đồng"], ["Hồi 8 giờ ngày 20/10/2026, tại hội trường UBND xã.", "Nội dung: tổng kết hoạt động."],
          ["Các thành viên", "Lưu: VT"], ["CHỦ TỊCH"], "Vàng Văn Sinh", "BB", XA[2]),
    admin("tt-01", BQL[0], BQL[1], "14/TTr-BQL", "Thái Nguyên", "ngày 03 tháng 11 năm 2026", "2026-11-03", "TỜ TRÌNH",
          ["Đề nghị phê duyệt kinh phí xây dựng kho tài nguyên truyền thông số"], ["Kính trình UBND tỉnh xem xét, phê duyệt.", "1. Sự cần thiết"],
          ["UBND tỉnh", "Lưu: VT"], ["TRƯỞNG BAN"], HEAD[1], "TTr", BQL[2]),
]

def docx(path, lines):
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(l)}</w:t></w:r></w:p>' for l in lines)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body + '</w:body></w:document>')

def odt(path, lines):
    body = "".join(f"<text:p>{escape(l)}</text:p>" for l in lines)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>', zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>' + body + '</office:text></office:body></office:document-content>', zipfile.ZIP_DEFLATED)

def html(path, lines, headline):
    paragraphs = "".join(f"<p>{escape(l)}</p>" for l in lines)
    open(path, "w", encoding="utf-8").write(f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(headline)}</title></head><body><article>{paragraphs}</article></body></html>')

try:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    from reportlab.lib.utils import simpleSplit
    pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
except Exception:
    canvas = None

def pdf(path, lines):
    c = canvas.Canvas(path, pagesize=(595, 842))
    y = 800
    for line in lines:
        for part in simpleSplit(line, "DejaVu", 10, 515):
            if y < 40:
                c.showPage(); y = 800
            c.setFont("DejaVu", 10)
            c.drawString(40, y, part)
            y -= 14
    c.save()

SLIDES = [
    # id, title (with the issuing body after a dash, as decks are titled), slides (lines each), issuer
    ("tc-01", "Kế hoạch truyền thông chuyển đổi số năm 2026 – Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên",
     [["Kế hoạch truyền thông chuyển đổi số năm 2026"], ["Mục tiêu", "100% doanh nghiệp được phổ biến"], ["Giải pháp", "Đi từng ngõ, gõ từng nhà"]],
     "Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên"),
    ("tc-02", "Bình dân học vụ số – Ủy ban nhân dân xã Nam Cường",
     [["Phong trào Bình dân học vụ số"], ["Tổ công nghệ số cộng đồng", "50 thành viên"]],
     "Ủy ban nhân dân xã Nam Cường"),
]

def core(title):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>' + escape(title) + '</dc:title></cp:coreProperties>')

def pptx(path, title, slides):
    ns = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(f'<Override PartName="/ppt/slides/slide{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>' for i in range(len(slides)))
        z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>' + overrides + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>')
        z.writestr("ppt/presentation.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:presentation {ns}/>')
        z.writestr("docProps/core.xml", core(title))
        for i, lines in enumerate(slides):
            paras = "".join(f"<a:p><a:r><a:t>{escape(l)}</a:t></a:r></a:p>" for l in lines)
            z.writestr(f"ppt/slides/slide{i + 1}.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:sld {ns}><p:cSld><p:spTree><p:sp><p:txBody>{paras}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>')

def odp(path, title, slides):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.presentation")
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>', zipfile.ZIP_DEFLATED)
        pages = "".join('<draw:page>' + "".join(f"<text:p>{escape(l)}</text:p>" for l in lines) + '</draw:page>' for lines in slides)
        z.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.2"><office:body><office:presentation>' + pages + '</office:presentation></office:body></office:document-content>', zipfile.ZIP_DEFLATED)
        z.writestr("meta.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta><dc:title>' + escape(title) + '</dc:title></office:meta></office:document-meta>', zipfile.ZIP_DEFLATED)

def write_all(doc_id, lines):
    text = "\n".join(lines) + "\n"
    open(os.path.join(out, doc_id + ".txt"), "w", encoding="utf-8").write(text)
    open(os.path.join(out, doc_id + "-windows.txt"), "wb").write(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    docx(os.path.join(out, doc_id + ".docx"), lines)
    odt(os.path.join(out, doc_id + ".odt"), lines)
    if canvas: pdf(os.path.join(out, doc_id + ".pdf"), lines)

rows = ["id\tcontent_type\tdoc_type\tnumber\tplace\tiso_date\tissuer\tsigner\tsigner_title"]
for doc_id, lines, iso, place, source in ARTICLES:
    write_all(doc_id, lines)
    headline = next(l for l in lines if not any(c.isdigit() for c in l))
    html(os.path.join(out, doc_id + ".html"), lines, headline)
    rows.append("\t".join([doc_id, "article", "Tin bài", "", place or "", iso, source, "", ""]))
for doc_id, lines, code, number, place, iso, issuer, signer, capacity in ADMIN:
    write_all(doc_id, lines)
    rows.append("\t".join([doc_id, "administrative", code, number, place, iso, issuer, signer, capacity]))
for doc_id, title, slides, issuer in SLIDES:
    pptx(os.path.join(out, doc_id + ".pptx"), title, slides)
    odp(os.path.join(out, doc_id + ".odp"), title, slides)
    rows.append("\t".join([doc_id, "slides", "Trình chiếu", "", "", "", issuer, "", ""]))
open(os.path.join(out, "labels.tsv"), "w", encoding="utf-8").write("\n".join(rows) + "\n")
print(f"{len(ARTICLES) + len(ADMIN) + len(SLIDES)} documents written to {out}" + ("" if canvas else " (no PDF: reportlab is not installed)"))
