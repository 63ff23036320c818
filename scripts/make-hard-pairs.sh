#!/usr/bin/env bash
# Harder near-duplicate pairs than the corpus's own, as a communications office makes them before
# posting a photo: 10 % and 15 % cropped off each side, an off-centre crop, rotated by 2° and 3°
# (cropped to hide the corners), a caption bar over the bottom fifth, a large translucent watermark
# across the middle, and two combinations (crop,
# half size, grey, JPEG quality ~30; rotation, 60 % size, low quality). Writes NAME-TRANSFORM.jpg
# for each corpus photo named. Used to measure near-duplicate recall (issue 13, part 3). With
# NEGATIVES=1 it writes hard negatives instead, as two shots of one scene from beside each other
# would be: NAME-left.jpg and NAME-right.jpg, the left and right 70 % of the photo (40 % shared),
# and NAME-top.jpg and NAME-bottom.jpg likewise — pairs that must not be merged.
set -euo pipefail
out=${1:?usage: make-hard-pairs.sh OUTPUT_DIR [PHOTO.jpg ...]}
shift
mkdir -p "$out"
for src in "$@"; do
    f=$(basename "$src" .jpg)
    ff() { ffmpeg -loglevel error -y -i "$src" "$@"; }
    if [ "${NEGATIVES:-0}" = 1 ]; then
        ff -vf "crop=iw*0.7:ih:0:0" "$out/$f-left.jpg"
        ff -vf "crop=iw*0.7:ih:iw*0.3:0" "$out/$f-right.jpg"
        ff -vf "crop=iw:ih*0.7:0:0" "$out/$f-top.jpg"
        ff -vf "crop=iw:ih*0.7:0:ih*0.3" "$out/$f-bottom.jpg"
        continue
    fi
    ff -vf "crop=iw*0.8:ih*0.8" "$out/$f-crop10.jpg"
    ff -vf "crop=iw*0.7:ih*0.7" "$out/$f-crop15.jpg"
    ff -vf "crop=iw*0.83:ih*0.9:iw*0.15:ih*0.02" "$out/$f-cropasym.jpg"
    ff -vf "rotate=2*PI/180:ow=iw*0.94:oh=ih*0.94" "$out/$f-rot2.jpg"
    ff -vf "rotate=-3*PI/180:ow=iw*0.92:oh=ih*0.92" "$out/$f-rot3.jpg"
    ff -vf "drawbox=y=ih*0.8:w=iw:h=ih*0.2:color=black@0.85:t=fill" "$out/$f-captionbar.jpg"
    ff -vf "drawbox=x=iw*0.15:y=ih*0.35:w=iw*0.7:h=ih*0.3:color=white@0.45:t=fill" "$out/$f-watermark.jpg"
    ff -vf "crop=iw*0.8:ih*0.8,scale=iw/2:-2,hue=s=0" -q:v 25 "$out/$f-combo.jpg"
    ff -vf "rotate=2*PI/180:ow=iw*0.9:oh=ih*0.9,scale=iw*0.6:-2" -q:v 12 "$out/$f-combo2.jpg"
done
