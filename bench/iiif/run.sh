#!/usr/bin/env bash
# trawl iiif beside a sequential fetch of the same URLs (iiif_downloader's behaviour), on a fake IIIF
# server that adds LATENCY_MS to every request.
#
# usage: bench/iiif/run.sh [N_CANVASES=300] [LATENCY_MS=20] [RUNS=3]
# prints one TSV line per run and tool: tool, run, seconds, images on disk
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-300}
LAT=${2:-20}
RUNS=${3:-3}
JAR=target/quarkus-app/quarkus-run.jar
[ -f "$JAR" ] || ./mvnw -q -B package -DskipTests
IMG=src/main/resources/demo/images/aurelia-aurita-1.jpg
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java bench/iiif/FakeIiif.java "$PORT" "$N" "$LAT" "$IMG" &
SRV=$!
WORK=$(mktemp -d)
trap 'kill $SRV 2>/dev/null; rm -rf "$WORK"' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 300); do curl -sf -o /dev/null "$BASE/manifest.json" && break; sleep 0.1; done

now() { date +%s.%N; }
count() { find "$1" -name '*.jpg' | wc -l; }

# the image URLs trawl asks for (info.json says 1000x750, level 1, no caps: full size)
for i in $(seq 0 $((N - 1))); do printf '%s/iiif/img%04d/full/full/0/default.jpg\n' "$BASE" "$i"; done > "$WORK/urls.txt"

printf 'tool\trun\tseconds\timages\n'
for run in $(seq "$RUNS"); do
    for variant in "trawl" "trawl-perhost32"; do
        rm -rf "$WORK/t"
        extra=()
        [ "$variant" = trawl-perhost32 ] && extra=(--per-host 32)
        t0=$(now)
        java -jar "$JAR" iiif "$BASE/manifest.json" "$WORK/t" -q "${extra[@]}"
        t1=$(now)
        printf '%s\t%s\t%.2f\t%s\n' "$variant" "$run" "$(echo "$t1 - $t0" | bc)" "$(count "$WORK/t")"
    done

    # iiif_downloader's pattern: the manifest, then per image a HEAD probe and a GET, one at a time,
    # a new connection each (requests without a session)
    rm -rf "$WORK/s"; mkdir -p "$WORK/s"
    t0=$(now)
    curl -sf -o "$WORK/s/manifest.json" "$BASE/manifest.json"
    n=0
    while read -r u; do
        curl -sfI -o /dev/null "$u"
        curl -sf -o "$WORK/s/$(printf '%04d' $n).jpg" "$u"
        n=$((n + 1))
    done < "$WORK/urls.txt"
    t1=$(now)
    printf 'seed-like curl loop (HEAD+GET)\t%s\t%.2f\t%s\n' "$run" "$(echo "$t1 - $t0" | bc)" "$(count "$WORK/s")"

    # the plainest sequential fetch: one GET per image, one at a time
    rm -rf "$WORK/g"; mkdir -p "$WORK/g"
    t0=$(now)
    n=0
    while read -r u; do
        curl -sf -o "$WORK/g/$(printf '%04d' $n).jpg" "$u"
        n=$((n + 1))
    done < "$WORK/urls.txt"
    t1=$(now)
    printf 'sequential curl loop (GET)\t%s\t%.2f\t%s\n' "$run" "$(echo "$t1 - $t0" | bc)" "$(count "$WORK/g")"
done
