#!/bin/sh
# quality.sh CORPUS [BEFORE_COMMIT]: PSNR of trawl's --max-size output against the exact area
# average of the full decode, this build vs BEFORE_COMMIT's codec (default: the commit before the
# scaled-IDCT work), at 256 px on the corpus and at 96 px on 800 px copies (the 1/8-then-1.04x case).
# Run from the repo root after ./mvnw -o -B -q compile. Writes under /tmp/trawl-quality.
set -eu
CORPUS=$1; BEFORE=${2:-05fb99d}; N=${N:-60}; W=/tmp/trawl-quality
rm -rf $W; mkdir -p $W/before-src $W/before-classes $W/800
git archive "$BEFORE" src/main/java/org/trawl/image | tar -x -C $W/before-src
javac -d $W/before-classes -cp target/classes $(find $W/before-src -name '*.java' | grep -e /codec/ -e /image/ImageFormat -e /image/ImageTransform)
FILES=$(ls $CORPUS/*.jpg | head -$N)
python3 - $W/800 $FILES <<'PY'
import sys, os
from PIL import Image
for p in sys.argv[2:]:
    im = Image.open(p); im.thumbnail((800, 800), Image.LANCZOS)
    im.save(os.path.join(sys.argv[1], os.path.basename(p)), quality=90)
PY
for build in before after; do
  CP=target/classes; [ $build = before ] && CP=$W/before-classes:target/classes
  java -cp $CP bench/resize/Quality.java 256 $W/$build-256 $FILES
  java -cp $CP bench/resize/Quality.java 96 $W/$build-96 $W/800/*.jpg
  python3 bench/resize/psnr.py $CORPUS $W/$build-256 $N
  python3 bench/resize/psnr.py $W/800 $W/$build-96 $N
done
