#!/usr/bin/env python3
"""psnr.py CORPUS OUTDIR [LIMIT]: PSNR of each resized image in OUTDIR (found by name, anywhere
below it) against the exact area average of the full decode (Pillow/libjpeg) of its source in
CORPUS, at the resized image's own size. Prints the mean, the median and the worst."""
import glob
import os
import statistics
import sys

import numpy as np
from PIL import Image


def area_matrix(n_in, n_out):
    """(n_out x n_in) weights: each output sample the exact fractional-coverage mean of its span."""
    m = np.zeros((n_out, n_in))
    s = n_in / n_out
    for o in range(n_out):
        a, b = o * s, min(n_in, (o + 1) * s)
        for i in range(int(a), min(n_in, int(np.ceil(b)))):
            m[o, i] = (min(b, i + 1) - max(a, i)) / s
    return m


def area_average(img, w, h):
    a = np.asarray(img, dtype=np.float64)
    ry, rx = area_matrix(a.shape[0], h), area_matrix(a.shape[1], w)
    return np.stack([ry @ a[..., c] @ rx.T for c in range(3)], axis=-1)


def psnr(a, b):
    mse = np.mean((a - b) ** 2)
    return 99.0 if mse == 0 else 10 * np.log10(255 * 255 / mse)


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    found = {os.path.basename(p): p for p in glob.glob(os.path.join(out, "**", "*.jpg"), recursive=True)}
    meta = os.path.join(out, "metadata.csv")
    if os.path.exists(meta):  # trawl names files by content hash; the URL names the source
        import csv
        with open(meta) as f:
            found = {r["url"].rsplit("/", 1)[1]: os.path.join(out, r["path"]) for r in csv.DictReader(f)}
    vals = []
    for name in sorted(found)[:limit]:
        src = Image.open(os.path.join(corpus, name)).convert("RGB")
        got = Image.open(found[name]).convert("RGB")
        ref = area_average(src, got.width, got.height)
        vals.append(psnr(np.asarray(got, dtype=np.float64), ref))
    print("%s: %d images, PSNR vs exact area average: mean %.2f dB, median %.2f, worst %.2f" % (
        out, len(vals), statistics.mean(vals), statistics.median(vals), min(vals)))


if __name__ == "__main__":
    main()
