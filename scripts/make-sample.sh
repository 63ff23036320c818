#!/usr/bin/env bash
# Makes a small sample set for `make demo` on a machine without ../shared/corpus:
# two photos with EXIF (ffmpeg draws them, exiftool writes the tags), a Vietnamese text
# document, a PDF with a text layer, and one exact duplicate under another unit's folder.
set -euo pipefail
out=${1:?usage: make-sample.sh OUTPUT_DIR}
mkdir -p "$out/VanPhong" "$out/PhongQLDN"

ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=1024x768:duration=1" -frames:v 1 "$out/VanPhong/hoi-nghi-chuyen-doi-so.jpg"
exiftool -q -overwrite_original -Make="Canon" -Model="Canon EOS 80D" -DateTimeOriginal="2026:10:10 08:30:00" \
  -ImageDescription="Hoi nghi chuyen doi so 10/10" -Orientation#=1 "$out/VanPhong/hoi-nghi-chuyen-doi-so.jpg"
ffmpeg -loglevel error -y -f lavfi -i "mandelbrot=size=800x600" -frames:v 1 "$out/VanPhong/ngay-khoa-hoc-cong-nghe.jpg"
exiftool -q -overwrite_original -Make="NIKON" -Model="COOLPIX P6000" -DateTimeOriginal="2026:05:18 09:15:00" \
  -Orientation#=6 "$out/VanPhong/ngay-khoa-hoc-cong-nghe.jpg"
cp "$out/VanPhong/hoi-nghi-chuyen-doi-so.jpg" "$out/PhongQLDN/IMG_0001.jpg"

cat > "$out/PhongQLDN/ke-hoach-chuyen-doi-so-2026.txt" <<'TXT'
ỦY BAN NHÂN DÂN XÃ MẪU
Số: /KH-UBND

KẾ HOẠCH
Triển khai chuyển đổi số và phong trào "Bình dân học vụ số" năm 2026

Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển
khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.
TXT

# A one-page PDF with a text layer, written directly (base-14 font, so plain ASCII text).
python3 - "$out/PhongQLDN/bao-cao-chuyen-doi-so.pdf" <<'PY'
import sys
text = "Bao cao ket qua chuyen doi so nam 2026 - Ban Quan ly cac khu cong nghiep"
stream = f"BT /F1 14 Tf 72 720 Td ({text}) Tj ET".encode()
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, body in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY
echo "sample written to $out"
