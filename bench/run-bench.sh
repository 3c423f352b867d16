#!/usr/bin/env bash
# run-bench.sh - trawl vs curl vs aria2c on the shared download harness (/work/shared/bench), plus a
# 1,000,000-line --dry-run planning test and a JVM start-up measurement. Idempotent: re-running only
# repeats the measurements (set-up and corpus are reused); every raw row is appended to $RESULTS.
# Needs root (network namespace, iptables, Debian packages).
#
# Env (all optional):
#   RUNS=3          repetitions of every cell (and of the dry-run / start-up timings)
#   N=10000         corpus size (make-corpus.sh N)
#   CONC=64         concurrency for every tool (trawl gets -j CONC --per-host CONC)
#   DELAYS="20 0"   one-way delays in ms (RTT = 2x); DELAYS= (empty) skips the download matrix
#   OUT_BASES="/tmp/bench /dev/shm/bench"   where downloads are written: disk, tmpfs
#   TOOLS="curl aria2c trawl"
#   TRAWL_CMD="java -jar /tmp/trawl-app/quarkus-run.jar"   (a private snapshot, see BUILD below)
#   BUILD=auto      auto: build the snapshot only if /tmp/trawl-app is missing; 1: always rebuild; 0: never
#   DRY_LINES=1000000 DRY_LABELS=1000   size of the generated dry-run list
#   OUT=<repo>/bench/results   where raw TSVs and the report go; RESULTS, REPORT override the file names
#   KEEP=1          passed to run.sh: keep each run's download dir + tool.log (for diagnosing failures)
#   TRAWL_VARIANTS="jvm=/tmp/trawl-jvm/trawl native=/tmp/trawl-native"   several trawl builds, each a tool of
#                   its own (named by the part before '='), interleaved with TOOLS in every repetition;
#                   the dry-run and start-up rows are then measured for each of them
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/.." && pwd)
H=${HARNESS:-/work/shared/bench}
RUNS=${RUNS:-3}; N=${N:-10000}; DELAYS=${DELAYS-20 0}; OUT_BASES=${OUT_BASES:-/tmp/bench /dev/shm/bench}
TOOLS=${TOOLS:-curl aria2c trawl}; BUILD=${BUILD:-auto}
DRY_LINES=${DRY_LINES:-1000000}; DRY_LABELS=${DRY_LABELS:-1000}
TRAWL_CMD=${TRAWL_CMD:-java -jar /tmp/trawl-app/quarkus-run.jar}
export CONC=${CONC:-64} RATE=${RATE:-off}
STAMP=$(date -u +%Y%m%dT%H%M%SZ); OUT=${OUT:-$HERE/results}; mkdir -p "$OUT" /tmp/bench
export RESULTS=${RESULTS:-$OUT/results-$STAMP.tsv}           # run.sh rows (one per download run)
DRYRES=${DRYRES:-${RESULTS%.tsv}-dryrun.tsv}                  # dry-run and --version timings
LOADLOG=${LOADLOG:-${RESULTS%.tsv}-load.log}                  # load average before each run
REPORT=${REPORT:-${RESULTS%.tsv}.md}
CORPUS=/tmp/bench/corpus-$N
log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }

# (a) Harness set-up: Debian packages (nginx, aria2, curl, time, iptables...) and delayq, the NFQUEUE delay
#     program that stands in for netem (this kernel has none). setup.sh is idempotent but runs apt/dpkg,
#     so skip it when everything is already there; always capture its version banner for the report.
if ! command -v nginx >/dev/null || ! command -v aria2c >/dev/null || [[ ! -x /tmp/bench/bin/delayq ]]; then
  log "setup.sh (packages + delayq)"; "$H/setup.sh" >"$OUT/versions-$STAMP.txt"
else
  "$H/setup.sh" >"$OUT/versions-$STAMP.txt"   # fast no-op when installed: only prints versions
fi
{ echo "java:    $(java -version 2>&1 | head -2 | tail -1)"
  echo "trawl:   $($TRAWL_CMD --version 2>/dev/null | head -1 || echo '?')  (TRAWL_CMD=$TRAWL_CMD)"
} >>"$OUT/versions-$STAMP.txt" 2>/dev/null || true

# trawl snapshot: the source tree is edited by others; run a private copy so a rebuild mid-run
# cannot change the binary under test. Retries because a half-edited file can break one build.
if [[ $TRAWL_CMD == "java -jar /tmp/trawl-app/quarkus-run.jar" ]] &&
   { [[ $BUILD == 1 ]] || { [[ $BUILD == auto ]] && [[ ! -s /tmp/trawl-app/quarkus-run.jar ]]; }; }; then
  for try in 1 2 3 4 5; do
    log "building trawl snapshot (try $try)"
    if (cd "$REPO" && ./mvnw -q -B package -DskipTests); then
      rm -rf /tmp/trawl-app && cp -r "$REPO/target/quarkus-app" /tmp/trawl-app && break
    fi
    [[ $try == 5 ]] && { log "build failed 5 times"; exit 1; }; sleep 60
  done
fi
# re-read the version now that the snapshot surely exists
sed -i '/^trawl:/d' "$OUT/versions-$STAMP.txt"
echo "trawl:   $($TRAWL_CMD --version 2>&1 | head -1)  (TRAWL_CMD=$TRAWL_CMD)" >>"$OUT/versions-$STAMP.txt"
cat "$OUT/versions-$STAMP.txt" >&2

# (b) The corpus: N deterministic JPEGs + urls.txt, list.json and the sha256 manifest run.sh verifies against.
[[ -s $CORPUS/manifest.sha256 && -s $CORPUS/list.json ]] || { log "make-corpus.sh $N"; "$H/make-corpus.sh" "$N" "$CORPUS"; }

# (c) The download matrix. Tools are interleaved inside each repetition (as bench-all.sh does) so slow drift
#     (page cache, another process on the 2 cores) hits all tools alike. trawl gets --per-host = -j so all
#     three tools keep CONC transfers to the single server in flight. run.sh verifies every file's sha256.
trawl_custom="custom:$TRAWL_CMD urls \"\$LIST\" -o \"\$OUTDIR\" -j \"\$CONC\" --per-host \"\$CONC\" -q"
trap '"$H/ns-down.sh" >/dev/null 2>&1 || true' EXIT
for D in $DELAYS; do
  CORPUS=$CORPUS DELAY_MS=$D "$H/ns-up.sh" >&2
  for OB in $OUT_BASES; do
    for rep in $(seq "$RUNS"); do
      for t in $TOOLS $(for v in ${TRAWL_VARIANTS:-}; do echo "variant:$v"; done); do
        # Other work on this 2-core box skews timings: log the load and any foreign java/mvn per run.
        echo "$(date -u +%FT%TZ) delay=$D out=$OB rep=$rep tool=$t load=$(cut -d' ' -f1-3 /proc/loadavg)" \
             "java_procs=$(pgrep -c -x java || true)" >>"$LOADLOG"
        log "delay=$D out=$OB rep=$rep/$RUNS $t"
        case $t in
          trawl) TAG=trawl OUT_BASE=$OB "$H/run.sh" "$trawl_custom" ;;
          variant:*) v=${t#variant:}
                 TAG=${v%%=*} OUT_BASE=$OB "$H/run.sh" "custom:${v#*=} urls \"\$LIST\" -o \"\$OUTDIR\" -j \"\$CONC\" --per-host \"\$CONC\" -q" ;;
          *)     TAG=$t    OUT_BASE=$OB "$H/run.sh" "$t" ;;
        esac || log "run.sh $t failed (rc=$?)"
      done
    done
  done
  "$H/ns-down.sh" >&2
done
trap - EXIT

# (d) Planning scale: trawl must read and plan a 1M-row list quickly and in bounded memory. The URLs point
#     at 127.0.0.77:9 (loopback, nothing listens there) and --dry-run never connects anyway.
BIG=/tmp/bench/urls-1m-$DRY_LINES-$DRY_LABELS.csv
if [[ ! -s $BIG ]]; then
  log "generating $BIG"
  awk -v n="$DRY_LINES" -v k="$DRY_LABELS" 'BEGIN{print "url,label"; for(i=0;i<n;i++)
      printf "http://127.0.0.77:9/img/%07d.jpg,label_%04d\n", i, i%k}' >"$BIG.tmp" && mv "$BIG.tmp" "$BIG"
fi
[[ -s $DRYRES ]] || printf 'date\twhat\trun\twall_s\tpeak_rss_MB\tcpu_s\trc\n' >"$DRYRES"
measure() {  # measure WHAT REP CMD... : /usr/bin/time -v, one TSV row in $DRYRES
  local what=$1 rep=$2; shift 2; local tf; tf=$(mktemp); local rc=0
  /usr/bin/time -v -o "$tf" "$@" >"/tmp/bench/$what.out" 2>"/tmp/bench/$what.err" || rc=$?
  awk -F': ' -v d="$(date -u +%FT%TZ)" -v w="$what" -v r="$rep" -v rc="$rc" '
    /Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]}
    /Maximum resident set size/ {rss=$2/1024} /User time/ {u=$2} /System time/ {sy=$2}
    END{printf "%s\t%s\t%s\t%.2f\t%.1f\t%.2f\t%s\n", d,w,r,s,rss,u+sy,rc}' "$tf" | tee -a "$DRYRES" >&2
  rm -f "$tf"
}
for rep in $(seq "$RUNS"); do
  for v in "=$TRAWL_CMD" ${TRAWL_VARIANTS:-}; do
    [[ $v == "=$TRAWL_CMD" && -n ${TRAWL_VARIANTS:-} ]] && continue   # variants replace the default build
    name=${v%%=*}; cmd=${v#*=}; suffix=${name:+-$name}
    rm -rf /tmp/bench/dry-out
    log "dry-run $DRY_LINES lines rep=$rep/$RUNS $name"
    measure "dryrun-$DRY_LINES$suffix" "$rep" $cmd urls "$BIG" -o /tmp/bench/dry-out --dry-run --json
    # start-up alone, so the reader can subtract it from the download walls.
    measure "version$suffix" "$rep" $cmd --version
  done
done
rm -rf /tmp/bench/dry-out

# (e) Medians table (adapted report.py: trawl rows, ratio to curl per cell, dry-run and start-up rows).
/usr/bin/python3 "$HERE/report.py" "$OUT/versions-$STAMP.txt" "$RESULTS" "$DRYRES" | tee "$REPORT"
log "raw: $RESULTS $DRYRES $LOADLOG   report: $REPORT"
