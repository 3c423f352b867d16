package org.trawl.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.trawl.core.Box;
import org.trawl.core.Checksum;
import org.trawl.core.CloseableIterator;
import org.trawl.core.ExitCode;
import org.trawl.core.MediaItem;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;

/**
 * The plan of one run, written once by the planning pass so that what follows (the download, the
 * duplicate pass, the sinks) reads it instead of asking the source again: a source is read once per
 * run, and so needs no cache of its own to give the same items twice.
 *
 * <p>One JSON object per line, every field of the {@link PlannedItem} and its {@link MediaItem}, short
 * names, nulls left out; written and read with Jackson's streaming API (no reflection, so nothing to
 * register for the native image), one line at a time. The file lives in the shard's own state folder,
 * beside its checkpoint but under a name no checkpoint reader looks at; each run writes it anew, and a
 * run that ends normally deletes it.
 */
public final class PlanFile {
    public static final String NAME = "plan.jsonl";
    private static final JsonFactory JSON = Json.MAPPER.getFactory();
    /** Flags: in the whole plan, owned by this process, made by the source itself (not fetched). */
    private static final int WHOLE = 1, OWN = 2, DERIVED = 4;

    private final Path file;

    private PlanFile(Path file) {
        this.file = file;
    }

    /** The plan file of the store (the shard's state folder) storeDir. */
    public static PlanFile in(Path storeDir) {
        return new PlanFile(storeDir.resolve(NAME));
    }

    public Path path() {
        return file;
    }

    /** Starts the file afresh (a plan left by an interrupted run is replaced). */
    public Writer writer() {
        try {
            Files.createDirectories(file.getParent());
            return new Writer(JSON.createGenerator(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)));
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    /** The whole plan, every shard's items, in plan order. */
    public CloseableIterator<PlannedItem> whole() {
        return read(WHOLE, 0);
    }

    /** The items this process owns and fetches (not those the source makes itself), in plan order. */
    public CloseableIterator<PlannedItem> toFetch() {
        return read(OWN, DERIVED);
    }

    /** Removes the file once the run no longer needs it. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure("delete", e);
        }
    }

    /** Removes the file after the run failed with problem; a failure to remove it is added to problem. */
    public void discard(Throwable problem) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            problem.addSuppressed(e);
        }
    }

    private TrawlException failure(String what, IOException e) {
        return new TrawlException(ExitCode.FATAL, "cannot " + what + " the plan " + file + ": " + e.getMessage(), e);
    }

    /** Writes placed items, one line each. */
    public final class Writer implements AutoCloseable {
        private final JsonGenerator g;

        private Writer(JsonGenerator g) {
            this.g = g;
            g.setRootValueSeparator(null);
        }

        /**
         * @param derived whether the source makes the item itself after the download ({@code MediaSource.derived}),
         *                asked while the item is the source's own object (iiif tells its pages by identity)
         */
        public void write(Planner.Placed placed, boolean derived) {
            PlannedItem p = placed.item();
            MediaItem m = p.item();
            try {
                g.writeStartObject();
                g.writeNumberField(
                        "o", (placed.whole() ? WHOLE : 0) | (placed.own() ? OWN : 0) | (derived ? DERIVED : 0));
                // the key is dir/stem (a stem never holds '/'); the host and the placed label and subset are
                // written only when the item's own do not give them (a third of the line otherwise)
                g.writeStringField("k", p.key());
                if (!p.host().equals(Planner.host(m.url()))) {
                    g.writeStringField("h", p.host());
                }
                if (!Objects.equals(p.label(), m.label())) {
                    g.writeStringField("L", p.label()); // null as JSON null
                }
                if (!Objects.equals(p.subset(), m.subset())) {
                    g.writeStringField("S", p.subset());
                }
                field(g, "u", m.url());
                field(g, "l", m.label());
                field(g, "b", m.basename());
                field(g, "src", m.source());
                field(g, "id", m.sourceId());
                field(g, "lic", m.license());
                field(g, "rh", m.rightsHolder());
                map(g, "f", m.fields());
                field(g, "p", m.path());
                if (m.checksum() != null) {
                    g.writeArrayFieldStart("c");
                    g.writeString(m.checksum().algorithm());
                    g.writeString(m.checksum().hex());
                    g.writeEndArray();
                }
                if (!m.boxes().isEmpty()) {
                    g.writeArrayFieldStart("x");
                    for (Box b : m.boxes()) {
                        g.writeStartObject();
                        field(g, "l", b.label());
                        number(g, "x", b.x());
                        number(g, "y", b.y());
                        number(g, "w", b.width());
                        number(g, "h", b.height());
                        field(g, "id", b.id());
                        map(g, "f", b.fields());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                field(g, "sub", m.subset());
                if (m.bytes() != null) {
                    g.writeNumberField("n", m.bytes());
                }
                g.writeEndObject();
                g.writeRaw('\n');
            } catch (IOException e) {
                throw failure("write", e);
            }
        }

        @Override
        public void close() {
            try {
                g.close();
            } catch (IOException e) {
                throw failure("write", e);
            }
        }
    }

    private static void field(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    /** A coordinate; one that is not finite (JSON has no NaN) as its Java text, read back the same. */
    private static void number(JsonGenerator g, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(name, value);
        } else {
            g.writeStringField(name, Double.toString(value));
        }
    }

    private static void map(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue() == null) {
                g.writeNullField(e.getKey());
            } else {
                g.writeStringField(e.getKey(), e.getValue());
            }
        }
        g.writeEndObject();
    }

    /** The items with any flag of wanted and none of unwanted. */
    private CloseableIterator<PlannedItem> read(int wanted, int unwanted) {
        JsonParser parser;
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            parser = JSON.createParser(in);
        } catch (IOException e) {
            throw failure("read", e);
        }
        return new CloseableIterator<>() {
            PlannedItem next;
            boolean ended;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null && !ended) {
                        if (parser.nextToken() != JsonToken.START_OBJECT) {
                            ended = true;
                        } else {
                            parser.nextFieldName(); // "o", always first
                            parser.nextToken();
                            int flags = parser.getIntValue();
                            PlannedItem p = item(parser);
                            if ((flags & wanted) != 0 && (flags & unwanted) == 0) {
                                next = p;
                            }
                        }
                    }
                } catch (IOException e) {
                    throw failure("read", e);
                }
                return next != null;
            }

            @Override
            public PlannedItem next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                PlannedItem p = next;
                next = null;
                return p;
            }

            @Override
            public void close() {
                try {
                    parser.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The rest of one line's object, after its flags. */
    private static PlannedItem item(JsonParser p) throws IOException {
        String key = null, label = null, subset = null, host = null;
        boolean ownLabel = false, ownSubset = false;
        String url = null, itemLabel = null, basename = null, source = null, sourceId = null, license = null;
        String rights = null, path = null, itemSubset = null;
        Map<String, String> fields = null;
        Checksum checksum = null;
        List<Box> boxes = null;
        Long bytes = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            switch (name) {
                case "k" -> key = p.nextTextValue();
                case "L" -> {
                    label = p.nextTextValue();
                    ownLabel = true;
                }
                case "S" -> {
                    subset = p.nextTextValue();
                    ownSubset = true;
                }
                case "h" -> host = p.nextTextValue();
                case "u" -> url = p.nextTextValue();
                case "l" -> itemLabel = p.nextTextValue();
                case "b" -> basename = p.nextTextValue();
                case "src" -> source = p.nextTextValue();
                case "id" -> sourceId = p.nextTextValue();
                case "lic" -> license = p.nextTextValue();
                case "rh" -> rights = p.nextTextValue();
                case "f" -> fields = map(p);
                case "p" -> path = p.nextTextValue();
                case "c" -> {
                    p.nextToken(); // [
                    String algorithm = p.nextTextValue();
                    String hex = p.nextTextValue();
                    p.nextToken(); // ]
                    checksum = new Checksum(algorithm, hex);
                }
                case "x" -> boxes = boxes(p);
                case "sub" -> itemSubset = p.nextTextValue();
                case "n" -> {
                    p.nextToken();
                    bytes = p.getLongValue();
                }
                default -> {
                    p.nextToken();
                    p.skipChildren();
                }
            }
        }
        MediaItem m = new MediaItem(
                url,
                itemLabel,
                basename,
                source,
                sourceId,
                license,
                rights,
                fields,
                path,
                checksum,
                boxes,
                itemSubset,
                bytes);
        int slash = key.lastIndexOf('/');
        return new PlannedItem(
                key,
                slash < 0 ? "" : key.substring(0, slash),
                key.substring(slash + 1),
                ownLabel ? label : itemLabel,
                ownSubset ? subset : itemSubset,
                host != null ? host : Planner.host(url),
                m);
    }

    /** An object of strings (or nulls), in the order written. */
    private static Map<String, String> map(JsonParser p) throws IOException {
        p.nextToken(); // {
        Map<String, String> m = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            m.put(name, p.nextTextValue());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static List<Box> boxes(JsonParser p) throws IOException {
        p.nextToken(); // [
        List<Box> boxes = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String label = null, id = null;
            double x = 0, y = 0, w = 0, h = 0;
            Map<String, String> fields = null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                switch (name) {
                    case "l" -> label = p.nextTextValue();
                    case "id" -> id = p.nextTextValue();
                    case "f" -> fields = map(p);
                    default -> {
                        double v = p.nextToken() == JsonToken.VALUE_STRING
                                ? Double.parseDouble(p.getText())
                                : p.getDoubleValue();
                        switch (name) {
                            case "x" -> x = v;
                            case "y" -> y = v;
                            case "w" -> w = v;
                            default -> h = v;
                        }
                    }
                }
            }
            boxes.add(new Box(label, x, y, w, h, id, fields));
        }
        return List.copyOf(boxes);
    }
}
