#!/usr/bin/env python3
"""Generates a GBIF-shaped Darwin Core Archive for the dwca benchmark.

usage: gen.py OUT.zip [OCCURRENCES]   (default 1,000,000)

occurrence.txt: 32 GBIF columns; speciesKey drawn from 20,000 species with a Zipf-like skew (a few
species with tens of thousands of occurrences, a long tail with a handful). multimedia.txt: GBIF's 15
columns, 0-3 media per occurrence (~1.5 on average), ~5% non-image types, ~2% repeated URLs.
Seeded, so every run writes the same archive.
"""
import random
import sys
import zipfile

META_CORE_TERMS = [
    "http://rs.gbif.org/terms/1.0/gbifID", "http://rs.gbif.org/terms/1.0/datasetKey",
    "http://rs.tdwg.org/dwc/terms/occurrenceID", "http://rs.tdwg.org/dwc/terms/basisOfRecord",
    "http://purl.org/dc/terms/license", "http://purl.org/dc/terms/publisher", "http://purl.org/dc/terms/rightsHolder",
    "http://rs.tdwg.org/dwc/terms/recordedBy", "http://rs.tdwg.org/dwc/terms/countryCode",
    "http://rs.tdwg.org/dwc/terms/locality", "http://rs.tdwg.org/dwc/terms/decimalLatitude",
    "http://rs.tdwg.org/dwc/terms/decimalLongitude", "http://rs.tdwg.org/dwc/terms/eventDate",
    "http://rs.tdwg.org/dwc/terms/year", "http://rs.tdwg.org/dwc/terms/month", "http://rs.tdwg.org/dwc/terms/day",
    "http://rs.tdwg.org/dwc/terms/scientificName", "http://rs.tdwg.org/dwc/terms/kingdom",
    "http://rs.tdwg.org/dwc/terms/phylum", "http://rs.tdwg.org/dwc/terms/class", "http://rs.tdwg.org/dwc/terms/order",
    "http://rs.tdwg.org/dwc/terms/family", "http://rs.tdwg.org/dwc/terms/genus", "http://rs.gbif.org/terms/1.0/species",
    "http://rs.tdwg.org/dwc/terms/taxonRank", "http://rs.gbif.org/terms/1.0/taxonKey",
    "http://rs.gbif.org/terms/1.0/kingdomKey", "http://rs.gbif.org/terms/1.0/phylumKey",
    "http://rs.gbif.org/terms/1.0/classKey", "http://rs.gbif.org/terms/1.0/orderKey",
    "http://rs.gbif.org/terms/1.0/familyKey", "http://rs.gbif.org/terms/1.0/speciesKey",
]
MEDIA_TERMS = ["http://rs.gbif.org/terms/1.0/gbifID"] + ["http://purl.org/dc/terms/" + t for t in
    ["type", "format", "identifier", "references", "title", "description", "created", "creator", "contributor",
     "publisher", "audience", "source", "license", "rightsHolder"]]


def meta():
    def block(tag, idtag, loc, row, terms):
        f = "".join('    <field index="%d" term="%s"/>\n' % (i, t) for i, t in enumerate(terms))
        return ('  <%s encoding="UTF-8" fieldsTerminatedBy="\\t" linesTerminatedBy="\\n" fieldsEnclosedBy="" '
                'ignoreHeaderLines="1" rowType="%s">\n    <files>\n      <location>%s</location>\n    </files>\n'
                '    <%s index="0" />\n%s  </%s>\n') % (tag, row, loc, idtag, f, tag)
    return ('<archive xmlns="http://rs.tdwg.org/dwc/text/" metadata="metadata.xml">\n'
            + block("core", "id", "occurrence.txt", "http://rs.tdwg.org/dwc/terms/Occurrence", META_CORE_TERMS)
            + block("extension", "coreid", "multimedia.txt", "http://rs.gbif.org/terms/1.0/Multimedia", MEDIA_TERMS)
            + "</archive>\n")


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rnd = random.Random(42)
    species = 20_000
    weights = [1.0 / (i + 1) ** 0.9 for i in range(species)]
    keys = rnd.choices(range(species), weights=weights, k=n)
    licences = ["http://creativecommons.org/licenses/by/4.0/legalcode", "http://creativecommons.org/licenses/by-nc/4.0/legalcode",
                "http://creativecommons.org/publicdomain/zero/1.0/legalcode"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("meta.xml", meta())
        with z.open("occurrence.txt", "w", force_zip64=True) as f:
            f.write(("\t".join(t.rsplit("/", 1)[1] for t in META_CORE_TERMS) + "\n").encode())
            buf = []
            for i in range(n):
                sp = keys[i]
                gid = 1_000_000_000 + i
                row = [str(gid), "ds-%d" % (i % 300), "occ-%d" % i, "HUMAN_OBSERVATION", licences[i % 3],
                       "Publisher %d" % (i % 300), "Holder %d" % (i % 1000), "Recorder %d" % (i % 5000), "FR",
                       "Somewhere %d" % (i % 10000), "%.5f" % (rnd.random() * 90), "%.5f" % (rnd.random() * 180),
                       "2020-05-%02d" % (1 + i % 28), "2020", "5", str(1 + i % 28), "Species %d L." % sp, "Plantae",
                       "Tracheophyta", "Magnoliopsida", "Order %d" % (sp % 50), "Family %d" % (sp % 400),
                       "Genus %d" % (sp % 4000), "Species %d" % sp, "SPECIES", str(5_000_000 + sp), "6", "7707728",
                       "220", str(100 + sp % 50), str(1000 + sp % 400), str(5_000_000 + sp)]
                buf.append("\t".join(row))
                if len(buf) == 10000:
                    f.write(("\n".join(buf) + "\n").encode())
                    buf = []
            if buf:
                f.write(("\n".join(buf) + "\n").encode())
        with z.open("multimedia.txt", "w", force_zip64=True) as f:
            f.write(("\t".join(t.rsplit("/", 1)[1] for t in MEDIA_TERMS) + "\n").encode())
            buf = []
            rows = 0
            for i in range(n):
                gid = 1_000_000_000 + i
                for j in range(rnd.choice((0, 1, 1, 2, 2, 3))):
                    rows += 1
                    kind = "StillImage" if rnd.random() > 0.05 else "Sound"
                    url = "https://images.example.org/%d/%d.jpg" % (i, j)
                    if rnd.random() < 0.02 and i > 10:
                        url = "https://images.example.org/%d/0.jpg" % rnd.randrange(i)
                    buf.append("\t".join([str(gid), kind, "image/jpeg", url, "", "", "", "2020-05-01", "Creator %d" % (i % 777),
                                          "", "Publisher %d" % (i % 300), "", "", licences[(i + j) % 3], ""]))
                    if len(buf) == 10000:
                        f.write(("\n".join(buf) + "\n").encode())
                        buf = []
            if buf:
                f.write(("\n".join(buf) + "\n").encode())
    print("occurrences %d, media rows %d" % (n, rows), file=sys.stderr)


if __name__ == "__main__":
    main()
