#!/usr/bin/env python3
"""img2dataset-baseline.py URLS OUTDIR [THREADS] [SIZE]: exactly img2dataset's resizer, as a baseline.

img2dataset (resizer.py) decodes with cv2.imdecode, resizes with cv2.INTER_AREA when downscaling,
and encodes with cv2.imencode at JPEG quality 95, each image in a thread pool worker (OpenCV
releases the GIL). Here: resize_mode keep_ratio_largest (longest side SIZE, default 256), 32
threads by default (img2dataset's thread_count default is 256 per process; the machine has 2 cores).
Downloads with urllib from the same local server as trawl. Prints images/s and a count.
"""
import os
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np

cv2.setNumThreads(1)  # img2dataset does this too: parallelism comes from the pool


def resize(data, size):
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise ValueError("decode failed")
    if len(img.shape) == 3 and img.shape[-1] == 4:
        img = cv2.cvtColor(img, cv2.COLOR_BGRA2BGR)
    h, w = img.shape[:2]
    scale = size / max(w, h)
    if scale < 1:
        img = cv2.resize(img, (int(round(w * scale)), int(round(h * scale))), interpolation=cv2.INTER_AREA)
    ok, enc = cv2.imencode(".jpg", img, [int(cv2.IMWRITE_JPEG_QUALITY), 95])
    return enc.tobytes()


def work(url, out, size):
    with urllib.request.urlopen(url, timeout=60) as r:
        data = r.read()
    b = resize(data, size)
    with open(os.path.join(out, os.path.basename(url)), "wb") as f:
        f.write(b)


def main():
    urls = [u.strip() for u in open(sys.argv[1]) if u.strip()]
    out = sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    size = int(sys.argv[4]) if len(sys.argv) > 4 else 256
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    with ThreadPoolExecutor(threads) as ex:
        list(ex.map(lambda u: work(u, out, size), urls))
    dt = time.time() - t0
    print("baseline: %d images in %.1f s = %.2f images/s" % (len(urls), dt, len(urls) / dt))


if __name__ == "__main__":
    main()
