#!/usr/bin/env python3
"""make-corpus.py N OUTDIR [SOURCE...]: N JPEGs of 2 to 12 megapixels made from real photographs.

Each image is a mosaic of 1-4 tiles cut from the source photos (random crop, scale 0.8-2.5x with
Lanczos, random flips), so it has real photographic texture and edges at every size; then saved
at a random quality (75-95), 4:2:0 mostly, some 4:4:4, some progressive. Deterministic (seeded by
the index). Writes OUTDIR/NNNNN.jpg and OUTDIR/urls.txt (http://127.0.0.1:PORT/NNNNN.jpg, PORT from
$PORT, default 8765). SOURCE: photo files or folders; by default the JDK's demo photos (if a JDK
source tree is on the machine) and trawl's own demo images.
"""
import glob
import os
import random
import sys

from PIL import Image

DEFAULT_SOURCES = [
    "/tmp/ni-work/jdksrc/src/demo/share/java2d/J2DBench/resources/cmm_images/img_icc_large.jpg",
    "/tmp/ni-work/jdksrc/src/demo/share/java2d/J2DBench/resources/cmm_images/img_icc_medium.jpg",
    "/tmp/ni-work/jdksrc/src/demo/share/jfc/SwingSet2/resources/images/scrollpane/crayons.jpg",
    "/tmp/ni-work/jdksrc/test/jdk/javax/imageio/plugins/jpeg/JpegExifThumbnail/unusual-ImageFileDirectory.jpeg",
    "/tmp/ni-work/jdksrc/test/jdk/javax/imageio/plugins/jpeg/JpegExifThumbnail/bad-timestamp.jpg",
    "/tmp/ni-work/jdksrc/test/jdk/javax/accessibility/manual/resource/hc.jpg",
]
HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.join(HERE, "..", "..", "src", "main", "resources", "demo", "images")

SIZES = [(1600, 1200), (2048, 1536), (2400, 1600), (2592, 1944), (3000, 2000), (3264, 2448), (4000, 3000)]


def sources(args):
    files = []
    for a in args or DEFAULT_SOURCES + [DEMO]:
        if os.path.isdir(a):
            files += sorted(glob.glob(os.path.join(a, "*.jp*g")))
        elif os.path.exists(a):
            files.append(a)
    photos = [Image.open(f).convert("RGB") for f in files]
    # the big ones are picked more often: they carry most of the detail
    weights = [max(1.0, (p.width * p.height) / 300000) for p in photos]
    return photos, weights


def make(i, photos, weights):
    rnd = random.Random(i)
    w, h = rnd.choice(SIZES)
    if rnd.random() < 0.3:
        w, h = h, w
    canvas = Image.new("RGB", (w, h))
    cols = rnd.choice([1, 1, 2])
    rows = rnd.choice([1, 2])
    for cy in range(rows):
        for cx in range(cols):
            x0, y0 = cx * w // cols, cy * h // rows
            tw, th = (cx + 1) * w // cols - x0, (cy + 1) * h // rows - y0
            src = rnd.choices(photos, weights)[0]
            scale = max(rnd.uniform(0.8, 2.5), tw / src.width, th / src.height)
            cw, ch = min(src.width, int(tw / scale) + 1), min(src.height, int(th / scale) + 1)
            sx, sy = rnd.randint(0, src.width - cw), rnd.randint(0, src.height - ch)
            tile = src.crop((sx, sy, sx + cw, sy + ch)).resize((tw, th), Image.LANCZOS)
            if rnd.random() < 0.5:
                tile = tile.transpose(Image.FLIP_LEFT_RIGHT)
            if rnd.random() < 0.2:
                tile = tile.transpose(Image.FLIP_TOP_BOTTOM)
            canvas.paste(tile, (x0, y0))
    q = rnd.randint(75, 95)
    sub = 0 if rnd.random() < 0.15 else 2  # 4:4:4 or 4:2:0
    return canvas, dict(quality=q, subsampling=sub, progressive=rnd.random() < 0.15)


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    photos, weights = sources(sys.argv[3:])
    if not photos:
        sys.exit("no source photos found; pass photo files or folders")
    port = os.environ.get("PORT", "8765")
    with open(os.path.join(out, "urls.txt"), "w") as urls:
        for i in range(n):
            name = "%05d.jpg" % i
            path = os.path.join(out, name)
            if not os.path.exists(path):
                img, opts = make(i, photos, weights)
                img.save(path, "JPEG", **opts)
            urls.write("http://127.0.0.1:%s/%s\n" % (port, name))
    print("%d images in %s from %d source photos" % (n, out, len(photos)))


if __name__ == "__main__":
    main()
