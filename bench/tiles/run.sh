#!/usr/bin/env bash
# trawl iiif --full-resolution stitching one W x H image from 512-px tiles served on 127.0.0.1
# (bench/tiles/FakeTiles.java: Image API 2.1, maxWidth 1000, tiles pre-encoded before the run).
#
# usage: bench/tiles/run.sh [W=8000] [H=6000] [RUNS=3]
# prints one TSV line per run: run, wall seconds (JVM start included), the job's own seconds (--json
# "seconds": fetch + stitch + tables), peak RSS (kB), output size, tiles fetched
# JAVA_OPTS=-Xmx64m bench/tiles/run.sh shows the stitch fits a heap far below the raster (144 MB as RGB)
set -euo pipefail
cd "$(dirname "$0")/../.."
W=${1:-8000}
H=${2:-6000}
RUNS=${3:-3}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java bench/tiles/FakeTiles.java "$PORT" "$W" "$H" &
SRV=$!
WORK=$(mktemp -d)
trap 'kill $SRV 2>/dev/null; rm -rf "$WORK"' EXIT
URL="http://127.0.0.1:$PORT/iiif/big/info.json"
for _ in $(seq 600); do curl -sf -o /dev/null "$URL" && break; sleep 0.2; done

printf 'run\tseconds\tjob_seconds\tpeak_rss_kb\toutput\ttiles\n'
for run in $(seq "$RUNS"); do
    rm -rf "$WORK/t"
    /usr/bin/time -v -o "$WORK/time.txt" java ${JAVA_OPTS:-} -jar "$JAR" iiif "$URL" "$WORK/t" --full-resolution --json > "$WORK/out.json"
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$WORK/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
    size=$(python3 -c "import struct,sys,glob; f=open(glob.glob('$WORK/t/*/0000.jpg')[0],'rb').read(); i=2
while True:
    m=f[i+1]; l=struct.unpack('>H',f[i+2:i+4])[0]
    if m==0xC0: print('%dx%d'%(struct.unpack('>H',f[i+7:i+9])[0],struct.unpack('>H',f[i+5:i+7])[0])); break
    i+=2+l")
    tiles=$(python3 -c "import json; print(json.load(open('$WORK/out.json'))['fetched'])")
    job=$(python3 -c "import json; print(json.load(open('$WORK/out.json'))['seconds'])")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$run" "$secs" "$job" "$rss" "$size" "$tiles"
done
