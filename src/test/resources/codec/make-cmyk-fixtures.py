#!/usr/bin/env python3
"""Makes the CMYK and YCCK JPEG fixtures and Pillow's RGB decode of each (the reference the tests
compare against). Run from the repo root: python3 src/test/resources/codec/make-cmyk-fixtures.py

cmyk.jpg: Pillow's own CMYK save (Adobe APP14, transform 0, values stored inverted).
ycck.jpg: Pillow cannot write YCCK, so the YCC values are computed here the way libjpeg's
compressor does (R = 255 - stored C, then JFIF YCbCr; K stored as is), saved through Pillow's
CMYK path, and the APP14 transform byte patched from 0 to 2. Pillow (libjpeg) then decodes it as
YCCK, which is what the reference records.
"""
import io
import numpy as np
from PIL import Image

SRC = "src/main/resources/demo/images/sebastes-3.jpg"
OUT = "src/test/resources/codec/"

photo = Image.open(SRC).convert("RGB").crop((0, 0, 120, 88))
cmyk = photo.convert("CMYK")
# give the black channel something to do: Pillow's RGB->CMYK leaves K at 0
ink = np.asarray(cmyk).astype(np.int32)
k = np.minimum(np.minimum(ink[..., 0], ink[..., 1]), ink[..., 2]) // 2
ink[..., :3] -= k[..., None]
ink[..., 3] = k
cmyk = Image.fromarray(ink.astype(np.uint8), "CMYK")

cmyk.save(OUT + "cmyk.jpg", "JPEG", quality=92)
Image.open(OUT + "cmyk.jpg").convert("RGB").save(OUT + "cmyk.pillow.png")

# YCCK: Pillow stores 255 - channel for CMYK, so hand it 255 - (the bytes we want stored)
stored_c = 255 - ink[..., :3]  # what a CMYK file stores (inverted ink)
rgb = 255 - stored_c  # libjpeg's cmyk_ycck_convert: R = MAXJSAMPLE - C
r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
y = 0.299 * r + 0.587 * g + 0.114 * b
cb = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
cr = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
stored = np.stack([y, cb, cr, 255 - ink[..., 3]], axis=-1)
stored = np.clip(np.rint(stored), 0, 255).astype(np.uint8)
buf = io.BytesIO()
Image.fromarray(255 - stored, "CMYK").save(buf, "JPEG", quality=92)
data = bytearray(buf.getvalue())
app14 = data.find(b"\xff\xee")
assert app14 > 0 and data[app14 + 4 : app14 + 9] == b"Adobe"
assert data[app14 + 15] == 0
data[app14 + 15] = 2  # transform: YCCK
open(OUT + "ycck.jpg", "wb").write(data)
Image.open(OUT + "ycck.jpg").convert("RGB").save(OUT + "ycck.pillow.png")
print("ok")
