#!/bin/sh
# run.sh: trawl --max-size 256 vs img2dataset's OpenCV resizer, same corpus, same local server, one run.
# From the repo root:  N=1000 J=32 sh bench/resize/run.sh
# Env: N (corpus size, 1000), CORPUS (/tmp/trawl-resize-corpus-N), J (workers for both, 32),
#      TRAWL (command, default the packaged JVM app; the native one: TRAWL=target/trawl-runner),
#      JFR=1 (JVM only: record a profile to OUT/trawl.jfr and print the hot methods), OUT (/tmp/trawl-resize-out).
# Needs python3 with opencv-python-headless, pillow, numpy. Prints images/s, CPU s, peak RSS, PSNR.
set -eu
N=${N:-1000}; J=${J:-32}; PORT=${PORT:-8765}
CORPUS=${CORPUS:-/tmp/trawl-resize-corpus-$N}; OUT=${OUT:-/tmp/trawl-resize-out}
TRAWL=${TRAWL:-java -jar target/quarkus-app/quarkus-run.jar}
PORT=$PORT python3 bench/resize/make-corpus.py "$N" "$CORPUS"
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$CORPUS" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 2
rm -rf "$OUT"; mkdir -p "$OUT"
[ "${JFR:-0}" = 1 ] && export JAVA_TOOL_OPTIONS="-XX:StartFlightRecording=filename=$OUT/trawl.jfr,settings=profile"
summary() { # tool, time -v file, seconds
  awk -v t="$1" -v n="$N" -F': ' '/Elapsed/{e=$2} /User time/{u=$2} /System time/{s=$2} /Maximum resident/{m=$2}
    END{split(e,a,":"); w=(length(a)==3)?a[1]*3600+a[2]*60+a[3]:a[1]*60+a[2];
        printf "%-9s %4d images  wall %6.1f s  %6.2f images/s  CPU %6.1f s (%.1f ms/image)  peak RSS %d MB\n",
        t, n, w, n/w, u+s, 1000*(u+s)/n, m/1024}' "$2"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v python3 bench/resize/img2dataset-baseline.py "$CORPUS/urls.txt" "$OUT/baseline" "$J" 256 2>"$OUT/baseline.time" >/dev/null
echo "load between: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v $TRAWL urls "$CORPUS/urls.txt" -o "$OUT/trawl" --max-size 256 -j "$J" --per-host "$J" >"$OUT/trawl.log" 2>"$OUT/trawl.time" || { tail "$OUT/trawl.time"; exit 1; }
unset JAVA_TOOL_OPTIONS
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
summary baseline "$OUT/baseline.time"
summary trawl "$OUT/trawl.time"
echo "trawl wrote $(find "$OUT/trawl" -name '*.jpg' | wc -l) images"
python3 bench/resize/psnr.py "$CORPUS" "$OUT/baseline" "${PSNR_N:-100}"
python3 bench/resize/psnr.py "$CORPUS" "$OUT/trawl" "${PSNR_N:-100}"
if [ -f "$OUT/trawl.jfr" ]; then
  jfr print --events jdk.ExecutionSample "$OUT/trawl.jfr" | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/,""); sub(/line:.*/,""); c[$0]++; n++}
    END{for(k in c) printf "%5.1f%%  %s\n", 100*c[k]/n, k}' | sort -rn | head -15
fi
