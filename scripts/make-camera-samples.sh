#!/usr/bin/env bash
# Photos as other cameras, phones and editors leave them, for checking kho's camera facts against
# exiftool's (the reference): different makes, both hemispheres, every orientation, time zones,
# EXIF only in XMP, in PNG and WebP, re-saved by ImageMagick, and two deviations readers in the
# field accept — GPS as signed rationals out of tag order (an HMD/Nokia of 2022), and EXIF placed
# after the quantisation tables, where libexif does not look. Needs ffmpeg, exiftool, ImageMagick.
set -euo pipefail
out=${1:?usage: make-camera-samples.sh OUTPUT_DIR}
mkdir -p "$out"
cd "$out"
ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=640x480:duration=1" -frames:v 1 base.jpg
ffmpeg -loglevel error -y -f lavfi -i "mandelbrot=size=480x640" -frames:v 1 portrait.jpg
tag() { local file=$1; shift; exiftool -q -q -overwrite_original "$@" "$file"; }

cp base.jpg canon.jpg
tag canon.jpg -Make=Canon "-Model=Canon EOS 80D" "-DateTimeOriginal=2026:10:10 08:30:00" -Orientation#=1 \
    -GPSLatitude=21.028511 -GPSLatitudeRef=N -GPSLongitude=105.804817 -GPSLongitudeRef=E
cp portrait.jpg iphone.jpg
tag iphone.jpg -Make=Apple "-Model=iPhone 13" "-DateTimeOriginal=2026:05:18 07:15:42" -OffsetTimeOriginal=+07:00 \
    -Orientation#=6 -GPSLatitude=10.776889 -GPSLatitudeRef=N -GPSLongitude=106.700806 -GPSLongitudeRef=E -GPSAltitude=12.5
cp base.jpg south-west.jpg
tag south-west.jpg -Make=SONY -Model=ILCE-7M3 "-DateTimeOriginal=2025:12:31 23:59:59" -Orientation#=3 \
    -GPSLatitude=33.8688 -GPSLatitudeRef=S -GPSLongitude=70.6693 -GPSLongitudeRef=W
cp portrait.jpg fuji.jpg
tag fuji.jpg -Make=FUJIFILM -Model=X-T3 "-DateTimeOriginal=2024:02:29 12:00:00" -Orientation#=8
for o in 2 4 5 7; do cp base.jpg "orient-$o.jpg"; tag "orient-$o.jpg" -Make=Xiaomi "-Model=Redmi Note 12" -Orientation#=$o; done
cp base.jpg xmp-only.jpg
tag xmp-only.jpg -all= -XMP-tiff:Make=Panasonic -XMP-tiff:Model=DMC-FZ1000 "-XMP-exif:DateTimeOriginal=2019:07:01 09:10:11" \
    -XMP-tiff:Orientation#=6 -XMP-exif:GPSLatitude=16.0544 -XMP-exif:GPSLatitudeRef=N -XMP-exif:GPSLongitude=108.2022 -XMP-exif:GPSLongitudeRef=E

# Re-saved by an editor (ImageMagick puts JFIF first, keeps EXIF; -auto-orient rewrites the orientation).
convert iphone.jpg -resize 50% -quality 70 edited-resized.jpg
convert iphone.jpg -auto-orient edited-oriented.jpg
convert canon.jpg -resize 50% edited.png
ffmpeg -loglevel error -y -i south-west.jpg -q:v 5 reencoded.jpg
exiftool -q -q -overwrite_original -tagsFromFile south-west.jpg -all:all reencoded.jpg
ffmpeg -loglevel error -y -i base.jpg phone.webp
tag phone.webp -Make=samsung -Model=SM-A525F "-DateTimeOriginal=2026:09:02 07:00:00" -Orientation#=6 \
    -GPSLatitude=12.2388 -GPSLatitudeRef=N -GPSLongitude=109.1967 -GPSLongitudeRef=E

# Two deviations, written byte by byte.
python3 - <<'PY'
import struct
def ifd(entries, data_start):
    out, data = struct.pack('<H', len(entries)), b''
    for tag, typ, count, val in entries:
        if len(val) <= 4: out += struct.pack('<HHI', tag, typ, count) + val.ljust(4, b'\0')
        else:
            out += struct.pack('<HHII', tag, typ, count, data_start + len(data)); data += val
            if len(data) % 2: data += b'\0'
    return out + struct.pack('<I', 0), data
def srat(v): return b''.join(struct.pack('<ii', n, d) for n, d in v)
make, model = b'HMD Global\0', b'Nokia 8.3 5G\0'
d0_start = 8 + 2 + 12 * 3 + 4
gps_off = d0_start + len(make) + len(make) % 2 + len(model) + len(model) % 2
ifd0, data0 = ifd([(0x010f, 2, len(make), make), (0x0110, 2, len(model), model), (0x8825, 4, 1, struct.pack('<I', gps_off))], d0_start)
gps = [(4, 10, 3, srat([(105, 1), (51, 1), (2345, 100)])), (3, 2, 2, b'E\0'), (2, 10, 3, srat([(21, 1), (1, 1), (4512, 100)])),
       (1, 2, 2, b'N\0'), (0, 1, 4, bytes([2, 2, 0, 0]))]
gifd, gdata = ifd(gps, gps_off + 2 + 12 * len(gps) + 4)
app1 = b'Exif\0\0' + b'II*\0' + struct.pack('<I', 8) + ifd0 + data0 + gifd + gdata
jpeg = open('base.jpg', 'rb').read()
open('nokia-gps-signed-unordered.jpg', 'wb').write(jpeg[:2] + b'\xff\xe1' + struct.pack('>H', len(app1) + 2) + app1 + jpeg[2:])

d = open('canon.jpg', 'rb').read()
i, segs = 2, []
while True:
    m, L = d[i + 1], int.from_bytes(d[i + 2:i + 4], 'big')
    segs.append(d[i:i + 2 + L]); i += 2 + L
    if m == 0xDA: break
app1 = next(s for s in segs if s[1] == 0xE1)
out, placed = [], False
for s in segs:
    if s is app1: continue
    out.append(s)
    if s[1] == 0xDB and not placed: out.append(app1); placed = True
open('exif-after-tables.jpg', 'wb').write(d[:2] + b''.join(out) + d[i:])
PY
rm -f base.jpg portrait.jpg
