#!/usr/bin/env bash
# bench/wds/run.sh - cost of `--export webdataset` on a 10,000-image dataset, against tar(1) packing the
# same files. Method:
#   1. serve the bench corpus (/tmp/bench/corpus-$N/img, JPEGs in label folders) on 127.0.0.1:$PORT with
#      python3's http.server, and download it once with `trawl urls` (not timed);
#   2. RUNS times, alternating: re-run the same command (every item skipped from the checkpoint, tables
#      rebuilt) without an export (rerun), then with --export webdataset after deleting the shards (wds: the
#      export's cost is the difference), then once more with the shards in place (wds-unchanged: a re-run
#      that finds every shard's fingerprint unchanged and writes none);
#   3. RUNS times: GNU tar of the same images (plain `tar -cf`, and the deterministic flags that give what
#      trawl gives: sorted names, mtime 0, owner 0).
# Every command runs under /usr/bin/time -v (wall, user+sys CPU, peak RSS) at nice 19 / ionice idle.
# Page cache warm (the same files are read each time). Rows go to $OUT (TSV).
# Env: N=10000 RUNS=3 PORT=18089 APP=/tmp/wds-app (a private copy of target/quarkus-app + the launcher)
#      WORK=/tmp/wds-bench BUILD=auto (auto: copy target/quarkus-app when APP is missing)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); REPO=$(cd "$HERE/../.." && pwd)
N=${N:-10000}; RUNS=${RUNS:-3}; PORT=${PORT:-18089}; APP=${APP:-/tmp/wds-app}; WORK=${WORK:-/tmp/wds-bench}
CORPUS=/tmp/bench/corpus-$N; OUT=${OUT:-$HERE/../results/wds-runs.tsv}
log() { printf '[%s] %s\n' "$(date -u +%T)" "$*" >&2; }
[[ -d $CORPUS/img ]] || { log "no corpus at $CORPUS (bench/run-bench.sh makes it)"; exit 1; }
if [[ ! -f $APP/quarkus-run.jar ]]; then
  [[ -f $REPO/target/quarkus-app/quarkus-run.jar ]] || (cd "$REPO" && nice -n 19 ./mvnw -o -B -q package -DskipTests)
  rm -rf "$APP"; cp -r "$REPO/target/quarkus-app" "$APP"; cp "$REPO/packaging/bin/trawl" "$APP/trawl"
fi
TRAWL="$APP/trawl"
mkdir -p "$WORK"; DATA=$WORK/data
run() { nice -n 19 ionice -c3 "$@"; }

python3 -m http.server "$PORT" --bind 127.0.0.1 -d "$CORPUS/img" >"$WORK/http.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
sleep 1
python3 - "$CORPUS/list.json" "$WORK/list.json" "$PORT" <<'EOF'
import json, sys, re
items = json.load(open(sys.argv[1]))
for it in items:
    it["url"] = re.sub(r"^http://127\.0\.0\.1:\d+/", "http://127.0.0.1:%s/" % sys.argv[3], it["url"])
json.dump(items, open(sys.argv[2], "w"))
EOF
if [[ ! -f $DATA/metadata.csv ]]; then
  log "downloading $N images into $DATA (not timed)"
  run "$TRAWL" urls "$WORK/list.json" -o "$DATA" -j 16 --per-host 16 -q
fi
[[ -f $OUT ]] || printf 'stamp\tcase\trun\twall_s\tcpu_s\tmax_rss_kb\tout_bytes\n' >"$OUT"
measure() { # case run cmd... ; appends a row
  local name=$1 i=$2; shift 2
  run /usr/bin/time -v -o "$WORK/time.txt" "$@" >"$WORK/cmd.out" 2>"$WORK/cmd.err" || { log "$name failed"; cat "$WORK/cmd.err" >&2; exit 1; }
  local wall cpu rss bytes
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(k=1;k<=n;k++) s=s*60+a[k]; print s}' "$WORK/time.txt")
  cpu=$(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{print u+s}' "$WORK/time.txt")
  rss=$(awk -F': ' '/Maximum resident/{print $2}' "$WORK/time.txt")
  bytes=$(case $name in wds*) du -sb "$DATA/webdataset" | cut -f1;; tar*) stat -c %s "$WORK/peer.tar";; *) echo 0;; esac)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$i" "$wall" "$cpu" "$rss" "$bytes" | tee -a "$OUT"
}
for i in $(seq 1 "$RUNS"); do
  log "run $i/$RUNS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  measure rerun "$i" "$TRAWL" urls "$WORK/list.json" -o "$DATA" -q
  rm -rf "$DATA/webdataset"
  measure wds "$i" "$TRAWL" urls "$WORK/list.json" -o "$DATA" -q --export webdataset
  measure wds-unchanged "$i" "$TRAWL" urls "$WORK/list.json" -o "$DATA" -q --export webdataset
  measure tar "$i" tar -cf "$WORK/peer.tar" -C "$DATA" --exclude=./.trawl --exclude=./webdataset --exclude=./metadata.csv \
    --exclude=./failures.csv .
  measure tar-sorted "$i" tar -cf "$WORK/peer.tar" -C "$DATA" --exclude=./.trawl --exclude=./webdataset \
    --exclude=./metadata.csv --exclude=./failures.csv --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner .
done
ls -l "$DATA/webdataset" | head -5 >&2
rm -f "$WORK/peer.tar"
