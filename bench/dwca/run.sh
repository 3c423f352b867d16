#!/usr/bin/env bash
# dwca benchmark: plan a generated 1,000,000-occurrence / ~1.5M-media DwC-A with
#   trawl gbif dwca ARCHIVE --label speciesKey --max-per-label 500 --dry-run
# beside a Python csv baseline of the same filtering (bench/dwca/baseline.py), interleaved, RUNS times each.
# Wall time, CPU time and peak RSS come from /usr/bin/time -v. Results go to $RESULTS (a TSV).
# usage: bench/dwca/run.sh [RUNS]   (env: ARCHIVE, OCCURRENCES, JAR, RESULTS)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
runs=${1:-3}
archive=${ARCHIVE:-/tmp/dwca-bench-${OCCURRENCES:-1000000}.zip}
jar=${JAR:-$repo/target/quarkus-app/quarkus-run.jar}
results=${RESULTS:-$repo/bench/results/dwca-runs.tsv}
[ -f "$jar" ] || (cd "$repo" && ./mvnw -q -B package -DskipTests)
[ -f "$archive" ] || python3 "$here/gen.py" "$archive" "${OCCURRENCES:-1000000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'tool\trun\twall_s\tuser_s\tsys_s\tpeak_rss_mb\tload1\toutput\n' > "$results"
measure() { # tool run command...
  local tool=$1 run=$2; shift 2
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -v "$@" > "$work/out" 2> "$work/time" || { cat "$work/time" >&2; exit 1; }
  local wall user sys rss out
  wall=$(grep 'Elapsed (wall clock)' "$work/time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  user=$(grep 'User time' "$work/time" | awk '{print $NF}')
  sys=$(grep 'System time' "$work/time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident' "$work/time" | awk '{printf "%.0f", $NF/1024}')
  out=$(head -c 200 "$work/out" | tr '\n\t' '  ' | sed 's/"labels".*//')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$run" "$wall" "$user" "$sys" "$rss" "$load" "$out" | tee -a "$results"
}
jit=$(sed -n 's/^jit="\(.*\)"$/\1/p' "$repo/packaging/bin/trawl")   # the launcher's JIT settings
for i in $(seq 1 "$runs"); do
  rm -rf "$work/out-dir"
  # the JVM settings of packaging/bin/trawl
  measure trawl "$i" java -XX:+UseSerialGC -Xms32m -Xmx2g -XX:+ExitOnOutOfMemoryError $jit -jar "$jar" gbif dwca "$archive" \
    --label speciesKey --max-per-label 500 --dry-run --json -q -o "$work/out-dir"
  measure python-csv "$i" python3 "$here/baseline.py" "$archive" 500
done
