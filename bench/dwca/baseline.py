#!/usr/bin/env python3
"""The same filtering as `trawl gbif dwca ZIP --label speciesKey --max-per-label 500 --dry-run`, written the
way a Python user would (csv module over the zip, the core in a dict, a set of URLs, per-label reservoirs).

usage: baseline.py ARCHIVE.zip [MAX_PER_LABEL]
"""
import csv
import io
import random
import sys
import zipfile

csv.field_size_limit(1 << 30)


def rows(z, name):
    with z.open(name) as raw:
        r = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""), delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(r)
        for row in r:
            yield header, row


def main():
    path = sys.argv[1]
    cap = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    rnd = random.Random(0)
    with zipfile.ZipFile(path) as z:
        label_of = {}
        li = None
        for header, row in rows(z, "occurrence.txt"):
            if li is None:
                li = header.index("speciesKey")
            if row[li]:
                label_of.setdefault(row[0], row[li])
        seen_urls = set()
        chosen = {}
        count = {}
        for header, row in rows(z, "multimedia.txt"):
            occ, kind, url = row[0], row[1], row[3]
            if not url.startswith(("http://", "https://")) or kind != "StillImage":
                continue
            if occ not in label_of or url in seen_urls:
                continue
            seen_urls.add(url)
            c = count.get(occ, 0) + 1  # one media per occurrence: reservoir of one
            count[occ] = c
            if c == 1 or rnd.randrange(c) == 0:
                chosen[occ] = url
        reservoirs = {}
        offered = {}
        for occ, url in chosen.items():
            lab = label_of[occ]
            res = reservoirs.setdefault(lab, [])
            k = offered.get(lab, 0)
            offered[lab] = k + 1
            if len(res) < cap:
                res.append(url)
            else:
                j = rnd.randrange(k + 1)
                if j < cap:
                    res[j] = url
    print("items %d labels %d" % (sum(len(v) for v in reservoirs.values()), len(reservoirs)))


if __name__ == "__main__":
    main()
