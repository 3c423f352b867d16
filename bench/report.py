#!/usr/bin/python3
"""report.py VERSIONS.txt RESULTS.tsv [DRYRUN.tsv] - Markdown medians of run.sh rows (adapted from
/work/shared/bench/report.py): adds trawl, its files/s ratio to curl in the same cell, and the
dry-run / start-up timings written by run-bench.sh."""
import csv, statistics, sys
from collections import defaultdict

versions, results = sys.argv[1], sys.argv[2]
dry = sys.argv[3] if len(sys.argv) > 3 else None
import os
rows = list(csv.DictReader(open(results), delimiter="\t")) if os.path.exists(results) else []
groups = defaultdict(list)
for r in rows:
    fs = "tmpfs" if r.get("out_fs") == "tmpfs" else "disk (ext4)"
    groups[(int(r["N"]), int(r["delay_ms"]), r["rate"], fs, r["tool"])].append(r)
med = lambda g, k: statistics.median(float(r[k]) for r in g)
order = {"trawl": 0, "curl": 1, "aria2c": 2}
dates = sorted(r["date"] for r in rows)
if dates:
    print(f"Run {dates[0]} .. {dates[-1]} UTC, concurrency {'/'.join(sorted({r['conc'] for r in rows}))}, "
          f"delay implementation: {', '.join(sorted({r['delay_impl'] for r in rows}))}.\n")
print("```\n" + open(versions).read().strip() + "\n```\n")
print("Medians over the runs of each cell (wall s also shows min-max; intact = fewest files whose sha256 "
      "matched in any run; ×curl = median files/s of the tool / median files/s of curl in the same cell).\n")
print("| N | RTT ms | output on | tool | runs | wall s (min-max) | files/s | MB/s | peak RSS MB | CPU s | intact | ×curl |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for (n, d, rate, fs, tool), g in sorted(groups.items(), key=lambda kv: (kv[0][0], -kv[0][1], kv[0][2], kv[0][3],
                                                                        order.get(kv[0][4], 9))):
    intact = min(int(r["intact"]) for r in g)
    bad = sum(r["rc"] != "0" for r in g)
    w = [float(r["wall_s"]) for r in g]
    c = groups.get((n, d, rate, fs, "curl"))
    ratio = f"{med(g, 'files_per_s') / med(c, 'files_per_s'):.2f}" if c and med(c, "files_per_s") > 0 else "-"
    print(f"| {n} | {2 * d} | {fs} | {tool} | {len(g)}{f' ({bad} rc!=0)' if bad else ''} | "
          f"{med(g, 'wall_s'):.2f} ({min(w):.1f}-{max(w):.1f}) | {med(g, 'files_per_s'):.0f} | {med(g, 'MB_per_s'):.1f} | "
          f"{med(g, 'peak_rss_MB'):.0f} | {med(g, 'cpu_s'):.2f} | {intact}/{n} | {ratio} |")
if dry:
    d = defaultdict(list)
    for r in csv.DictReader(open(dry), delimiter="\t"):
        d[r["what"]].append(r)
    names = {"dryrun-1m": "trawl urls <1,000,000-line csv> --dry-run --json", "version": "trawl --version (JVM + Quarkus start-up)"}
    names.update({k: f"trawl urls <{int(k[7:]):,}-line csv> --dry-run --json" for k in d if k[7:].isdigit()})
    print("\n| command | runs | wall s median (min-max) | peak RSS MB | CPU s | rc |")
    print("|---|---|---|---|---|---|")
    for k, g in d.items():
        w = [float(r["wall_s"]) for r in g]
        print(f"| {names.get(k, k)} | {len(g)} | {med(g, 'wall_s'):.2f} ({min(w):.2f}-{max(w):.2f}) | "
              f"{med(g, 'peak_rss_MB'):.0f} | {med(g, 'cpu_s'):.2f} | {','.join(sorted({r['rc'] for r in g}))} |")
