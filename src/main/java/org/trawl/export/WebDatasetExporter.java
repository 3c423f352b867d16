package org.trawl.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trawl.core.Box;
import org.trawl.internal.Hashes;
import org.trawl.internal.Json;

/**
 * WebDataset shards: {@code <subset>-NNNNNN.tar} of samples {@code <key>.<ext>} (the image bytes as
 * on disk), {@code <key>.cls} (the label's line in classes.txt, ASCII decimal) and {@code <key>.json}
 * (provenance, size, boxes), plus {@code classes.txt} and a wids shard index {@code <subset>.json}.
 *
 * <p>Samples are in path order and the tar bytes are fixed (see {@link TarWriter}), so the same
 * dataset gives byte-identical shards. A shard takes at most {@link Limits#samples()} samples and is
 * cut before it would pass {@link Limits#bytes()} (a sample bigger than that gets a shard alone).
 * Each shard is written to {@code .part} and renamed; shards of an earlier run that the new set no
 * longer has are deleted. Image bytes go from file to shard in the kernel: never held in memory.
 * A shard whose fingerprint (every member name, json and class, each image's size and mtime) is
 * the one recorded in {@value #STATE} by the run that wrote it is left as it is: re-running a
 * finished command does not rewrite gigabytes of identical shards.
 */
public final class WebDatasetExporter implements Exporter {
    /** Shard limits: at most this many samples, and at most this many bytes. */
    public record Limits(int samples, long bytes) {
        public static final Limits DEFAULT = new Limits(10_000, 1L << 30);

        public Limits {
            if (samples < 1 || bytes < 1) {
                throw new IllegalArgumentException("shard limits must be positive");
            }
        }
    }

    private static final Pattern SHARD = Pattern.compile("(.+)-(\\d{6})\\.tar(\\.part)?");
    /** Each shard's fingerprint, so a re-run leaves a shard whose samples did not change as it is. */
    static final String STATE = ".trawl-shards.json";
    /** Part of every fingerprint: a change to what a shard holds or how it is written renews them all. */
    private static final String FORMAT = "trawl-webdataset-2";

    private final Path dir;
    private final Limits limits;
    private final Map<String, List<ExportImage>> groups = new TreeMap<>();
    private final Categories classes = new Categories();

    /** @param dir the folder of the shards, classes.txt and the indexes ({@code OUT/webdataset}) */
    public WebDatasetExporter(Path dir, Limits limits) {
        this.dir = dir;
        this.limits = limits;
    }

    @Override
    public void add(ExportImage im) {
        groups.computeIfAbsent(im.group(), g -> new ArrayList<>()).add(im);
        if (hasLabel(im)) {
            classes.add(im.label());
        }
    }

    @Override
    public void finish() throws IOException {
        Files.createDirectories(dir);
        Set<String> written = new HashSet<>();
        Map<String, String> before = readState(), after = new HashMap<>();
        // gone until this run has written every shard: after a crash half-way, no shard is trusted
        Files.deleteIfExists(dir.resolve(STATE));
        for (Map.Entry<String, List<ExportImage>> g : groups.entrySet()) {
            List<ExportImage> images = new ArrayList<>(g.getValue());
            images.sort(Comparator.comparing(ExportImage::path));
            List<String> keys = keys(images);
            List<Map<String, Object>> shardList = writeShards(g.getKey(), images, keys, written, before, after);
            writeIndex(g.getKey(), shardList);
            written.add(g.getKey() + ".json");
        }
        List<String> names = classes.sorted();
        StringBuilder lines = new StringBuilder();
        for (String n : names) {
            // line i is class i: a line break inside a label would shift every class after it
            lines.append(n.replace('\n', ' ').replace('\r', ' ')).append('\n');
        }
        AtomicFile.writeString(dir.resolve("classes.txt"), lines.toString());
        writeState(after);
        removeStale(written);
    }

    /** One sample as it goes into a shard: its member names and bytes, and what identifies the image file. */
    private record Sample(String key, String imageName, Path file, long size, long mtime, byte[] json, byte[] cls) {
        long tarBytes() {
            return TarWriter.entrySize(imageName, size)
                    + TarWriter.entrySize(key + ".json", json.length)
                    + (cls == null ? 0 : TarWriter.entrySize(key + ".cls", cls.length));
        }

        /** Everything that decides this sample's bytes in the shard (the image by size and mtime, as make does). */
        void fingerprint(MessageDigest md) {
            md.update((imageName + "\0" + size + "\0" + mtime + "\0").getBytes(StandardCharsets.UTF_8));
            md.update(json);
            md.update((byte) 0);
            if (cls != null) {
                md.update(cls);
            }
            md.update((byte) '\n');
        }
    }

    /** A shard to be: its name, its samples (indexes in the sorted images), its size and fingerprint. */
    private record PlannedShard(String name, int from, int to, long bytes, String digest) {}

    private Sample sample(ExportImage im, String key) throws IOException {
        byte[] cls =
                hasLabel(im) ? Integer.toString(classes.index(im.label())).getBytes(StandardCharsets.US_ASCII) : null;
        return new Sample(
                key,
                key + "." + extension(im),
                im.file(),
                Files.size(im.file()),
                Files.getLastModifiedTime(im.file()).toMillis(),
                json(im),
                cls);
    }

    /**
     * Cuts the samples into shards (at most {@link Limits#samples()}, cut before passing
     * {@link Limits#bytes()}; a first sample always goes in) without writing anything: each shard's
     * fingerprint says whether the one on disk from an earlier run can stay.
     */
    private List<PlannedShard> plan(String group, List<ExportImage> images, List<String> keys) throws IOException {
        List<PlannedShard> shards = new ArrayList<>();
        int i = 0;
        while (i < images.size()) {
            int first = i;
            long entries = 0;
            MessageDigest md = Hashes.digest("SHA-256");
            md.update(FORMAT.getBytes(StandardCharsets.US_ASCII));
            while (i < images.size() && i - first < limits.samples()) {
                Sample s = sample(images.get(i), keys.get(i));
                if (i > first && TarWriter.endOfArchive(entries + s.tarBytes()) > limits.bytes()) {
                    break;
                }
                s.fingerprint(md);
                entries += s.tarBytes();
                i++;
            }
            String name = String.format(Locale.ROOT, "%s-%06d.tar", group, shards.size());
            shards.add(new PlannedShard(
                    name,
                    first,
                    i,
                    TarWriter.endOfArchive(entries),
                    HexFormat.of().formatHex(md.digest())));
        }
        return shards;
    }

    private List<Map<String, Object>> writeShards(
            String group,
            List<ExportImage> images,
            List<String> keys,
            Set<String> written,
            Map<String, String> before,
            Map<String, String> after)
            throws IOException {
        List<Map<String, Object>> shardList = new ArrayList<>();
        for (PlannedShard p : plan(group, images, keys)) {
            Path target = dir.resolve(p.name());
            boolean same = p.digest().equals(before.get(p.name()))
                    && Files.isRegularFile(target)
                    && Files.size(target) == p.bytes();
            if (!same) {
                write(p, images, keys, target);
            }
            written.add(p.name());
            after.put(p.name(), p.digest());
            Map<String, Object> shard = new LinkedHashMap<>();
            shard.put("url", p.name());
            shard.put("nsamples", p.to() - p.from());
            shard.put("filesize", p.bytes());
            shardList.add(shard);
        }
        return shardList;
    }

    /** Writes one shard aside ({@code .part}) and renames it into place. */
    private void write(PlannedShard p, List<ExportImage> images, List<String> keys, Path target) throws IOException {
        Path part = dir.resolve(p.name() + ".part");
        try (FileChannel ch = FileChannel.open(
                part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            TarWriter tar = new TarWriter(ch);
            for (int i = p.from(); i < p.to(); i++) {
                Sample s = sample(images.get(i), keys.get(i));
                tar.putFile(s.imageName(), s.file(), s.size());
                if (s.cls() != null) {
                    tar.putBytes(s.key() + ".cls", s.cls());
                }
                tar.putBytes(s.key() + ".json", s.json());
            }
            tar.finish();
        }
        if (Files.size(part) != p.bytes()) {
            Files.deleteIfExists(part);
            throw new IOException("webdataset: an image of " + p.name() + " changed while it was exported; run again");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The fingerprints of the shards an earlier run wrote (none when the file is missing or unreadable). */
    private Map<String, String> readState() {
        Map<String, String> m = new HashMap<>();
        Path f = dir.resolve(STATE);
        if (!Files.isRegularFile(f)) {
            return m;
        }
        try {
            JsonNode shards = Json.MAPPER.readTree(f.toFile()).path("shards");
            shards.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        } catch (IOException | RuntimeException e) {
            m.clear(); // every shard is then written again: slower, never wrong
        }
        return m;
    }

    private void writeState(Map<String, String> shards) throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("shards", new TreeMap<>(shards));
        AtomicFile.write(
                dir.resolve(STATE),
                out -> out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(state)));
    }

    /** The wids descriptor: shard urls are relative to it, so the folder can move as a whole. */
    private void writeIndex(String group, List<Map<String, Object>> shardList) throws IOException {
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("__kind__", "wids-shard-index-v1");
        index.put("wids_version", 1);
        index.put("name", group);
        index.put("shardlist", shardList);
        AtomicFile.write(dir.resolve(group + ".json"), out -> {
            out.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
            out.write('\n');
        });
    }

    /** Shards (and their subsets' indexes) left by an earlier run that this set does not have. */
    private void removeStale(Set<String> written) throws IOException {
        Set<String> staleGroups = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                Matcher m = SHARD.matcher(n);
                if (m.matches() && !written.contains(n)) {
                    Files.deleteIfExists(p);
                    staleGroups.add(m.group(1));
                }
            }
        }
        for (String g : staleGroups) {
            if (!written.contains(g + ".json")) {
                Files.deleteIfExists(dir.resolve(g + ".json"));
            }
        }
    }

    /**
     * The sample keys, in the images' order: {@link #key} of each path, made unique with "-2",
     * "-3", ... on the rare paths that map to the same key (a sample must never merge with another).
     */
    static List<String> keys(List<ExportImage> images) {
        Set<String> taken = new HashSet<>();
        List<String> keys = new ArrayList<>(images.size());
        for (ExportImage im : images) {
            String k = key(im.stemPath());
            String unique = k;
            for (int n = 2; !taken.add(unique); n++) {
                unique = k + "-" + n;
            }
            keys.add(unique);
        }
        return keys;
    }

    /**
     * A WebDataset key from an image path without its extension. WebDataset splits a member name
     * into key and extension at the first dot of its base name and groups members by key, so a key
     * holds no dot: '/' becomes "__" (flat tar, no folders), '.' and control characters become '_';
     * everything else, non-ASCII letters included, is kept (the tar entry then gets a pax path).
     */
    public static String key(String stemPath) {
        StringBuilder b = new StringBuilder(stemPath.length() + 8);
        for (int i = 0; i < stemPath.length(); i++) {
            char c = stemPath.charAt(i);
            if (c == '/' || c == '\\') {
                b.append("__");
            } else if (c == '.' || c < 0x20 || c == 0x7f) {
                b.append('_');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The image's extension as on disk, lower case ("bin" for a file without one). */
    static String extension(ExportImage im) {
        String name = im.fileName();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 || dot == name.length() - 1
                ? "bin"
                : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.replace('.', '_');
    }

    private static boolean hasLabel(ExportImage im) {
        return im.label() != null && !im.label().isEmpty();
    }

    /** The sample's json member: provenance, size, and the boxes in pixels when it has any. */
    static byte[] json(ExportImage im) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        try (JsonGenerator j = Json.MAPPER.getFactory().createGenerator(b, JsonEncoding.UTF8)) {
            j.writeStartObject();
            j.writeStringField("label", hasLabel(im) ? im.label() : null);
            j.writeStringField("url", im.url());
            j.writeStringField("path", im.path());
            j.writeStringField("subset", im.subset());
            j.writeStringField("source", im.source());
            j.writeStringField("source_id", im.sourceId());
            j.writeStringField("license", im.license());
            j.writeStringField("rights_holder", im.rightsHolder());
            j.writeStringField("sha256", im.sha256());
            j.writeNumberField("width", im.width());
            j.writeNumberField("height", im.height());
            if (!im.boxes().isEmpty()) {
                j.writeArrayFieldStart("boxes");
                for (Box box : im.boxes()) {
                    j.writeStartObject();
                    j.writeStringField("label", im.labelOf(box));
                    j.writeNumberField("x", CocoExporter.round(box.x()));
                    j.writeNumberField("y", CocoExporter.round(box.y()));
                    j.writeNumberField("width", CocoExporter.round(box.width()));
                    j.writeNumberField("height", CocoExporter.round(box.height()));
                    if (box.id() != null) {
                        j.writeStringField("id", box.id());
                    }
                    j.writeEndObject();
                }
                j.writeEndArray();
            }
            j.writeEndObject();
        }
        return b.toByteArray();
    }
}
