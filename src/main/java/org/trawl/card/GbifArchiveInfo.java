package org.trawl.card;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.trawl.checkpoint.StateLayout;

/**
 * What a GBIF download archive says about itself for a citation: its DOI and title ({@code metadata.xml})
 * and each dataset's key, title and DOI ({@code dataset/<key>.xml}, EML). GBIF asks every user of a
 * download to cite its DOI. The EML is read with patterns rather than a parser: only a few elements are
 * wanted, and an archive's XML is untrusted (no entity or DTD processing can happen this way).
 */
public record GbifArchiveInfo(String key, String doi, String title, List<Dataset> datasets) {
    public record Dataset(String key, String title, String doi) {}

    private static final Pattern TITLE = Pattern.compile("<title[^>]*>\\s*([^<]{1,500}?)\\s*</title>");
    private static final Pattern DOI = Pattern.compile(
            "<alternateIdentifier[^>]*>\\s*(?:doi:|https?://(?:dx\\.)?doi\\.org/)?(10\\.\\d{4,9}/[^<\\s]{1,200})\\s*</alternateIdentifier>",
            Pattern.CASE_INSENSITIVE);
    /** Most EML files are a few KB; this bounds what one entry can cost. */
    private static final int MAX_XML = 4 << 20;

    /** The GBIF archives among OUT/.trawl/dwca/*.zip and the runs' inputs (zips or unzipped folders). */
    public static List<GbifArchiveInfo> find(Path out, List<RunLog.Run> runs) {
        List<Path> candidates = new ArrayList<>();
        Path dwca = StateLayout.root(out).resolve("dwca");
        if (Files.isDirectory(dwca)) {
            try (Stream<Path> s = Files.list(dwca)) {
                s.filter(p -> p.getFileName().toString().endsWith(".zip"))
                        .sorted()
                        .forEach(candidates::add);
            } catch (IOException e) {
                // no archive to cite from
            }
        }
        for (RunLog.Run r : runs) {
            for (String in : r.inputs()) {
                Path p = Path.of(in);
                if (!candidates.contains(p)) {
                    candidates.add(p);
                }
            }
        }
        List<GbifArchiveInfo> found = new ArrayList<>();
        for (Path p : candidates) {
            GbifArchiveInfo info = read(p);
            if (info != null) {
                found.add(info);
            }
        }
        return found;
    }

    /** The archive's citation facts, or null when it is not a GBIF download (or cannot be read). */
    static GbifArchiveInfo read(Path archive) {
        String name = archive.getFileName() == null ? "" : archive.getFileName().toString();
        String key = name.endsWith(".zip") ? name.substring(0, name.length() - 4) : name;
        Map<String, String> xml = new LinkedHashMap<>();
        try {
            if (Files.isDirectory(archive)) {
                readFolder(archive, xml);
            } else if (Files.isRegularFile(archive) && name.endsWith(".zip")) {
                readZip(archive, xml);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        String meta = xml.remove("metadata.xml");
        if (meta == null && xml.isEmpty()) {
            return null;
        }
        List<Dataset> datasets = new ArrayList<>();
        xml.forEach((entry, text) -> {
            String k = entry.substring("dataset/".length(), entry.length() - ".xml".length());
            datasets.add(new Dataset(k, first(TITLE, text), first(DOI, text)));
        });
        return new GbifArchiveInfo(
                key, meta == null ? null : first(DOI, meta), meta == null ? null : first(TITLE, meta), datasets);
    }

    private static void readZip(Path zip, Map<String, String> xml) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (wanted(entry.getName())) {
                    try (InputStream in = z.getInputStream(entry)) {
                        xml.put(entry.getName(), new String(in.readNBytes(MAX_XML), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    private static void readFolder(Path dir, Map<String, String> xml) throws IOException {
        Path meta = dir.resolve("metadata.xml");
        if (Files.isRegularFile(meta)) {
            xml.put("metadata.xml", head(meta));
        }
        Path datasets = dir.resolve("dataset");
        if (Files.isDirectory(datasets)) {
            try (Stream<Path> s = Files.list(datasets)) {
                for (Path p : s.sorted().toList()) {
                    String n = "dataset/" + p.getFileName();
                    if (wanted(n)) {
                        xml.put(n, head(p));
                    }
                }
            }
        }
    }

    private static String head(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readNBytes(MAX_XML), StandardCharsets.UTF_8);
        }
    }

    private static boolean wanted(String entry) {
        return entry.equals("metadata.xml")
                || (entry.startsWith("dataset/") && entry.endsWith(".xml") && entry.indexOf('/', 8) < 0);
    }

    private static String first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? unescape(m.group(1)) : null;
    }

    private static String unescape(String s) {
        return s.replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /** The page GBIF keeps for this download. */
    public String url() {
        return doi != null ? "https://doi.org/" + doi : "https://www.gbif.org/occurrence/download/" + key;
    }
}
