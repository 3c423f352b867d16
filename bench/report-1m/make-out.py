#!/usr/bin/python3
"""make-out.py DEMO_OUT OUT N - a finished trawl OUT with N metadata.csv rows for timing `trawl report OUT`
(issue 25: < 5 s, < 20 MB at a million items). DEMO_OUT is a `trawl demo -o DIR` folder: its 24 real images
are copied and its rows kept; the other rows (2,000 labels, 80/20 train/test, four licences) point at files that
do not exist, so only the demo rows give thumbnails. Also writes a 20,000-row failures.csv.
Measured 2026-12-07: /usr/bin/time -v trawl report OUT (jar) 6.0-8.3 s user+sys, of which ~2.6 s is JVM start
(same command on the 24-row demo); DatasetFacts.read alone 1.9-3.0 s CPU; page 39 KB."""
# Synthetic finished trawl OUT with N metadata rows: the demo's real images reused as a few thumbnails,
# the rest rows pointing at them (the report only samples paths, so the files are shared).
import csv, os, random, shutil, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = list(csv.DictReader(open(os.path.join(src, 'metadata.csv'))))
shutil.rmtree(out, ignore_errors=True); os.makedirs(out)
for r in rows:
    d = os.path.join(out, os.path.dirname(r['path'])); os.makedirs(d, exist_ok=True)
    shutil.copy(os.path.join(src, r['path']), os.path.join(out, r['path']))
fields = list(rows[0].keys())
rnd = random.Random(1)
labels = [f'species-{i}' for i in range(2000)]
lic = ['CC0-1.0', 'CC-BY-4.0', 'CC-BY-NC-4.0', 'http://creativecommons.org/licenses/by-sa/4.0/']
with open(os.path.join(out, 'metadata.csv'), 'w', newline='') as f:
    w = csv.writer(f, lineterminator='\n'); w.writerow(fields)
    for r in rows: w.writerow([r[k] for k in fields])
    for i in range(n - len(rows)):
        r = rows[i % len(rows)]
        lab = labels[rnd.randrange(len(labels))]
        sub = 'train' if rnd.random() < 0.8 else 'test'
        p = f'{sub}/{lab}/{i:07d}.jpg'
        w.writerow([p, f'https://example.org/m/{i}.jpg', lab, sub, 'gbif', str(i), lic[i % 4],
                    f'holder {i % 5000}', r['sha256'], r['bytes'], 100 + i % 900, 80 + i % 700,
                    'image/jpeg', 'StillImage', '', '', '', p])
with open(os.path.join(out, 'failures.csv'), 'w') as f:
    f.write('url,label,reason\n')
    for i in range(20000): f.write(f'https://example.org/f/{i}.jpg,species-{i%50},http {404 if i%3 else 500}\n')
