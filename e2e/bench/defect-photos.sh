#!/usr/bin/env bash
# Mängelmelder photo pipeline against ImageMagick doing the same work on the
# same 12-megapixel JPEG (EXIF orientation 6 and GPS): turn it upright, strip
# all metadata, shrink to at most 2048 × 2048 and write a JPEG. Ours also
# writes the 320 px thumbnail. Median of RUNS runs each, one photo at a time.
#
#   e2e/bench/defect-photos.sh          # needs ImageMagick: apt-get install imagemagick
set -euo pipefail
cd "$(dirname "$0")/../.."

RUNS=${RUNS:-15}
TARGET=${CARGO_TARGET_DIR:-target}
WORK=$(realpath -m "$TARGET/bench/photos")
mkdir -p "$WORK"
command -v convert >/dev/null && convert -version | grep -q ImageMagick ||
  { echo "ImageMagick is needed: apt-get install imagemagick" >&2; exit 1; }

e2e/bench/build-release.sh
TOOL=$TARGET/release/examples/photo_pipeline
PHOTO=$WORK/camera-12mp.jpg
"$TOOL" sample "$PHOTO" 4000 3000
echo "photo: $(identify -format '%wx%h' "$PHOTO"), $(stat -c %s "$PHOTO") bytes"

ours=$("$TOOL" time "$PHOTO" "$RUNS")

magick=()
for _ in $(seq "$RUNS"); do
  start=$(date +%s%N)
  convert "$PHOTO" -auto-orient -strip -resize 2048x2048 "$WORK/magick.jpg"
  magick+=($(( ($(date +%s%N) - start) / 1000 )))
done
median=$(printf '%s\n' "${magick[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}')

echo "Digitale Stadt (display + thumbnail): $ours ms"
echo "ImageMagick $(convert -version | head -1 | awk '{print $3}') convert -auto-orient -strip -resize 2048x2048: $median ms"
awk -v a="$median" -v b="$ours" 'BEGIN {printf "ImageMagick / ours: %.2f×\n", a / b}'
