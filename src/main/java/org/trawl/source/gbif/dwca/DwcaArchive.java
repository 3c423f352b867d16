package org.trawl.source.gbif.dwca;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A Darwin Core Archive opened in place: a zip read entry by entry with {@link ZipFile} (which handles
 * ZIP64) or an unzipped folder. Nothing is extracted. meta.xml may sit in a top-level folder; macOS
 * resource forks (__MACOSX/, ._name) are ignored. Without meta.xml, a single data file with a header
 * row (a GBIF SIMPLE_CSV download, tab-separated) is described from that header.
 */
public final class DwcaArchive implements Closeable {
    private static final String CORE_OCCURRENCE = "http://rs.tdwg.org/dwc/terms/Occurrence";

    private final Path path;
    private final ZipFile zip;
    private final String base;
    private final MetaXml.Descriptor descriptor;
    private final boolean described;
    private long maxRowBytes = org.trawl.internal.LineLimit.DEFAULT;

    private DwcaArchive(Path path, ZipFile zip, String base, MetaXml.Descriptor descriptor, boolean described) {
        this.path = path;
        this.zip = zip;
        this.base = base;
        this.descriptor = descriptor;
        this.described = described;
    }

    public static DwcaArchive open(Path path) throws IOException {
        String where = path.getFileName() == null
                ? path.toString()
                : path.getFileName().toString();
        if (Files.isDirectory(path)) {
            Path meta = path.resolve("meta.xml");
            if (Files.isRegularFile(meta)) {
                try (InputStream in = Files.newInputStream(meta)) {
                    return new DwcaArchive(path, null, "", MetaXml.parse(in, where), true);
                }
            }
            List<String> data;
            try (Stream<Path> s = Files.list(path)) {
                if (s.anyMatch(p -> isParquet(path.relativize(p).toString()))) {
                    throw simpleParquet(where);
                }
            }
            try (Stream<Path> s = Files.list(path)) {
                data = s.filter(Files::isRegularFile)
                        .map(p -> p.getFileName().toString())
                        .filter(DwcaArchive::isDataFile)
                        .sorted()
                        .toList();
            }
            return new DwcaArchive(
                    path, null, "", undescribed(data, where, name -> Files.newInputStream(path.resolve(name))), false);
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
        } catch (ZipException e) {
            throw new DwcaException(where + " is not a zip archive (" + e.getMessage() + ")");
        }
        try {
            String metaName = null;
            boolean parquet = false;
            List<String> data = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (e.isDirectory() || isJunk(name)) {
                    continue;
                }
                if (name.equals("meta.xml") || name.endsWith("/meta.xml")) {
                    if (metaName == null || depth(name) < depth(metaName)) {
                        metaName = name;
                    }
                } else if (!name.contains("/") && isDataFile(name)) {
                    data.add(name);
                } else if (isParquet(name)) {
                    parquet = true;
                }
            }
            if (metaName == null && parquet) {
                throw simpleParquet(where);
            }
            if (metaName != null) {
                String base = metaName.substring(0, metaName.length() - "meta.xml".length());
                try (InputStream in = zip.getInputStream(zip.getEntry(metaName))) {
                    return new DwcaArchive(path, zip, base, MetaXml.parse(in, where), true);
                }
            }
            Collections.sort(data);
            ZipFile z = zip;
            return new DwcaArchive(
                    path, zip, "", undescribed(data, where, name -> z.getInputStream(z.getEntry(name))), false);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    public MetaXml.Descriptor descriptor() {
        return descriptor;
    }

    /** True when meta.xml described the archive; false for a single data file described by its header. */
    public boolean described() {
        return described;
    }

    public Path path() {
        return path;
    }

    /** Rows longer than this stop the run (--max-line-bytes); the default is {@link org.trawl.internal.LineLimit#DEFAULT}. */
    public DwcaArchive maxRowBytes(long max) {
        this.maxRowBytes = max;
        return this;
    }

    /** Streams the rows of one file spec (all its locations in turn), straight from the zip. */
    public RowReader rows(FileSpec spec) throws IOException {
        return rowsOf(spec).limit(maxRowBytes, String.join("+", spec.locations()));
    }

    private RowReader rowsOf(FileSpec spec) throws IOException {
        if (spec.fieldSep() == 0) {
            spec = spec.withFieldSep(sniffSeparator(spec.locations().get(0)));
        }
        List<InputStream> parts = new ArrayList<>();
        for (String loc : spec.locations()) {
            parts.add(open(loc));
        }
        if (parts.size() == 1) {
            return new RowReader(parts.get(0), spec);
        }
        // several locations: each has its own header lines, so read them as one file only when there are none
        if (spec.headerLines() == 0) {
            return new RowReader(new SequenceInputStream(Collections.enumeration(withNewlines(parts))), spec);
        }
        for (InputStream p : parts) {
            p.close();
        }
        throw new DwcaException(spec + ": several data files with header lines are not supported");
    }

    /** No fieldsTerminatedBy: a tab when the first line has one (as in python-dwca-reader), else the spec's comma. */
    private char sniffSeparator(String location) throws IOException {
        try (InputStream in = open(location)) {
            byte[] head = in.readNBytes(1 << 16);
            for (byte b : head) {
                if (b == '\n') {
                    break;
                }
                if (b == '\t') {
                    return '\t';
                }
            }
            return ',';
        }
    }

    private static List<InputStream> withNewlines(List<InputStream> parts) {
        List<InputStream> out = new ArrayList<>();
        for (InputStream p : parts) {
            out.add(p);
            out.add(new java.io.ByteArrayInputStream(new byte[] {'\n'}));
        }
        return out;
    }

    private InputStream open(String location) throws IOException {
        String name = base + location;
        if (zip == null) {
            Path p = path.resolve(name).normalize();
            if (!p.startsWith(path.normalize()) || !Files.isRegularFile(p)) {
                throw new DwcaException(
                        path.getFileName() + ": meta.xml names " + location + ", which is not in the archive");
            }
            return new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        }
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new DwcaException(
                    path.getFileName() + ": meta.xml names " + location + ", which is not in the archive");
        }
        return zip.getInputStream(e);
    }

    private interface Opener {
        InputStream open(String name) throws IOException;
    }

    /** No meta.xml: the one data file's header row names the terms (a GBIF SIMPLE_CSV is tab-separated). */
    private static MetaXml.Descriptor undescribed(List<String> data, String where, Opener opener) throws IOException {
        if (data.size() != 1) {
            throw new DwcaException(where + " has no meta.xml and "
                    + (data.isEmpty() ? "no data file" : data.size() + " data files " + data)
                    + ": not a Darwin Core Archive");
        }
        String name = data.get(0);
        String[] header;
        char sep;
        try (InputStream in = opener.open(name)) {
            byte[] head = in.readNBytes(1 << 16);
            String first =
                    new String(head, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            sep = first.contains("\t") ? '\t' : ',';
            try (RowReader r = new RowReader(
                    new java.io.ByteArrayInputStream(head),
                    StandardCharsets.UTF_8,
                    sep,
                    '\n',
                    sep == '\t' ? 0 : '"',
                    0)) {
                header = r.next() ? r.all() : new String[0];
            }
        }
        Map<String, FileSpec.Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            String t = header[i].trim();
            if (!t.isEmpty()) {
                fields.putIfAbsent(t, new FileSpec.Field(t, i, null));
            }
        }
        int id = fields.containsKey("gbifID")
                ? fields.get("gbifID").index()
                : fields.containsKey("id") ? fields.get("id").index() : -1;
        FileSpec core = new FileSpec(
                CORE_OCCURRENCE,
                List.of(name),
                StandardCharsets.UTF_8,
                sep,
                '\n',
                sep == '\t' ? 0 : '"',
                1,
                id,
                fields);
        return new MetaXml.Descriptor(core, List.of());
    }

    private static boolean isJunk(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/")
                || name.contains("/__MACOSX/")
                || last.startsWith("._")
                || last.equals(".DS_Store");
    }

    /**
     * A Parquet file or part of a Parquet folder: a GBIF SIMPLE_PARQUET download is a zip of
     * {@code occurrence.parquet/} part files, and gbifxdl unzips it to {@code <key>/occurrence.parquet}.
     */
    private static boolean isParquet(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !isJunk(name) && (n.endsWith(".parquet") || n.contains(".parquet/"));
    }

    /**
     * The one line for a SIMPLE_PARQUET download: a Parquet table of occurrences (mediaType, no image URLs, like
     * SIMPLE_CSV), which this source does not read.
     */
    private static DwcaException simpleParquet(String where) {
        return new DwcaException(where + " is a SIMPLE_PARQUET download (occurrence.parquet): it lists occurrences "
                + "but no image URLs, and gbif dwca does not read Parquet. Request a DWCA download instead "
                + "(gbif request --format DWCA; it carries the Multimedia extension)");
    }

    private static boolean isDataFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return !isJunk(name) && (n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".tsv") || n.endsWith(".tab"));
    }

    private static int depth(String name) {
        return (int) name.chars().filter(c -> c == '/').count();
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}
