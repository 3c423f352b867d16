#!/bin/sh
# Decode + resize + encode of a 12 MP JPEG: trawl's pure-Java codec vs ImageIO, each in a fresh JVM.
# Run from the repo root after `./mvnw -o -B -q compile`. Writes nothing but /tmp files and stdout.
set -eu
CP=target/classes
DIR=${TMPDIR:-/tmp}/trawl-codec-bench
mkdir -p "$DIR"
[ -f "$DIR/12mp-baseline.jpg" ] || java -Djava.awt.headless=true -cp $CP bench/codec/CodecBench.java make 4000 3000 "$DIR/12mp"
[ -f "$DIR/24mp-baseline.jpg" ] || java -Djava.awt.headless=true -cp $CP bench/codec/CodecBench.java make 6000 4000 "$DIR/24mp"
ls -l "$DIR"/*mp-*.jpg
# 24 MP (6000x4000) to 512 is an 11.7x reduction: trawl takes the 1/8-scale path there
for f in baseline progressive; do
  for impl in trawl imageio; do
    java -Djava.awt.headless=true -XX:+UseSerialGC -cp $CP bench/codec/CodecBench.java $impl "$DIR/24mp-$f.jpg" 512 7
  done
done
for f in baseline progressive; do
  for impl in trawl imageio; do
    # default heap: time and peak heap over 7 runs (the first includes JIT warm-up)
    java -Djava.awt.headless=true -XX:+UseSerialGC -cp $CP bench/codec/CodecBench.java $impl "$DIR/12mp-$f.jpg" 512 7
  done
done
# smallest -Xmx that still completes one run: a harder bound on the working set than pool peaks
for f in baseline progressive; do
  for impl in trawl imageio; do
    for mx in 8 12 16 24 32 48 64 96 128 192 256; do
      if java -Xmx${mx}m -Djava.awt.headless=true -XX:+UseSerialGC -cp $CP bench/codec/CodecBench.java $impl "$DIR/12mp-$f.jpg" 512 1 >/dev/null 2>&1; then
        echo "$impl $f: completes with -Xmx${mx}m"; break
      fi
    done
  done
done
# peak resident set of the whole JVM (ImageIO decodes in native libjpeg memory, which the heap figures miss)
if [ -x /usr/bin/time ]; then
  for f in baseline progressive; do
    for impl in trawl imageio; do
      rss=$( { /usr/bin/time -f "%M" java -Xmx512m -Djava.awt.headless=true -XX:+UseSerialGC -cp $CP bench/codec/CodecBench.java $impl "$DIR/12mp-$f.jpg" 512 1 >/dev/null; } 2>&1 | tail -1)
      echo "$impl $f: peak RSS ${rss} KB (one run, -Xmx512m, includes javac of the bench source)"
    done
  done
fi
