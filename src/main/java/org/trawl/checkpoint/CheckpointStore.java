package org.trawl.checkpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.trawl.core.TrawlException;
import org.trawl.internal.Json;

/**
 * The resume state of one writer (one process or one shard): {@code checkpoint.json}, a compacted
 * snapshot with one record per item, plus {@code journal.jsonl}, an append-only log of outcomes since
 * that snapshot. The latest record of a key wins.
 *
 * <p>Why no database: the state must be readable by people and by scripts, survive kill -9 with a torn
 * last line at worst, and cost O(1) per item. Appends go through one writer thread that batches them
 * (group commit), so {@code --fsync} costs one fsync per batch, not per item. The journal is folded
 * into the snapshot when it grows past the snapshot's size, which keeps the cost amortised O(1).
 */
public final class CheckpointStore implements AutoCloseable {
    public static final String CHECKPOINT = "checkpoint.json";
    public static final String JOURNAL = "journal.jsonl";
    private static final int MIN_COMPACT_LINES = 20_000;
    private static final Object POISON = new Object();

    private final Path dir;
    private final boolean fsync;
    private final FileChannel journal;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private long journalLines;
    private long checkpointCount;
    /** The journal's lines as this store wrote them, when it found the journal empty; else null (see fold). */
    private JournalLines ownLines;

    private volatile Throwable writerFailure;
    private volatile Consumer<ItemRecord> tap;
    /** Null until {@link #load}, then whether it found no record. */
    private Boolean emptyAtLoad;

    private boolean closed;

    private record Pending(ItemRecord record, CompletableFuture<Void> done) {}

    private CheckpointStore(Path dir, boolean fsync) throws IOException {
        this.dir = dir;
        this.fsync = fsync;
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw TrawlException.usage("another trawl process is writing to " + outOf(dir)
                    + " with the same shard; wait for it, or give each process its own --shard I/N");
        }
        lock = l;
        journal = FileChannel.open(
                dir.resolve(JOURNAL), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        repairTornTail(journal);
        journal.position(journal.size());
        ownLines = journal.size() == 0 ? new JournalLines() : null;
        writer = new Thread(this::writeLoop, "trawl-journal");
        writer.setDaemon(true);
    }

    /** The output folder a store belongs to (its .trawl folder's parent), absolute: a relative OUT has no parent. */
    static Path outOf(Path storeDir) {
        Path abs = storeDir.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (p.getFileName() != null
                    && StateLayout.STATE_DIR.equals(p.getFileName().toString())) {
                return p.getParent() == null ? abs : p.getParent();
            }
        }
        return abs;
    }

    /** Opens (creating if needed) the store in dir and locks it against a second writer. */
    public static CheckpointStore open(Path dir, boolean fsync) {
        try {
            CheckpointStore s = new CheckpointStore(dir, fsync);
            s.writer.start();
            return s;
        } catch (IOException e) {
            throw new TrawlException(1, "cannot open the checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Replays snapshot then journal into index ({@link ItemRecord#stateCode()}). Counts lines for compaction. */
    public void load(KeyIndex index) {
        long[] counts = new long[2];
        readCheckpoint(dir, r -> {
            counts[0]++;
            index.put(r.key(), r.stateCode());
        });
        readJournal(dir, (line, r) -> {
            counts[1]++;
            index.put(r.key(), r.stateCode());
        });
        checkpointCount = counts[0];
        journalLines = counts[1];
        emptyAtLoad = counts[0] == 0 && counts[1] == 0;
    }

    /** Whether the store held no record when {@link #load} read it. */
    public boolean wasEmptyAtLoad() {
        if (emptyAtLoad == null) {
            throw new IllegalStateException("load the store first");
        }
        return emptyAtLoad;
    }

    /**
     * Sets what sees each record once it is in the journal, in journal order, on the writer thread (set it
     * before the first append). It must not throw.
     */
    public void tap(Consumer<ItemRecord> tap) {
        this.tap = tap;
    }

    /** Queues a record; the future completes once it is in the journal (and on disk with --fsync). */
    public CompletableFuture<Void> append(ItemRecord record) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Throwable failure = writerFailure;
        if (failure != null) {
            f.completeExceptionally(failure);
        } else {
            queue.add(new Pending(record, f));
        }
        return f;
    }

    private void writeLoop() {
        List<Object> batch = new ArrayList<>();
        try {
            boolean stop = false;
            while (!stop) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch);
                stop = writeBatch(batch);
            }
        } catch (Throwable t) {
            writerFailure = t;
            failPending(batch, t);
        }
    }

    /**
     * Appends a batch of records to the journal in one write, then completes their futures and compacts
     * when the journal has grown. True when the batch holds the end of the queue.
     */
    private boolean writeBatch(List<Object> batch) throws IOException {
        boolean stop = false;
        StringWriter lines = new StringWriter(batch.size() * 400);
        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        try (JsonGenerator g = lineWriter(lines)) {
            for (Object o : batch) {
                if (o == POISON) {
                    stop = true;
                } else {
                    Pending p = (Pending) o;
                    ItemRecordJson.write(g, p.record());
                    g.writeRaw('\n');
                    acks.add(p.done());
                    trackLine(p.record().key(), journalLines + acks.size());
                }
            }
        }
        if (!acks.isEmpty()) {
            ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                journal.write(buf);
            }
            if (fsync) {
                journal.force(false);
            }
            journalLines += acks.size();
            Consumer<ItemRecord> t = tap;
            if (t != null) {
                for (Object o : batch) {
                    if (o instanceof Pending p) {
                        t.accept(p.record());
                    }
                }
            }
            acks.forEach(a -> a.complete(null));
            if (journalLines > Math.max(MIN_COMPACT_LINES, checkpointCount)) {
                compactNow();
            }
        }
        return stop;
    }

    /** After the writer failed: every record not yet written, in the batch or still queued, fails with it. */
    private void failPending(List<Object> batch, Throwable t) {
        for (Object o : batch) {
            if (o instanceof Pending p) {
                p.done().completeExceptionally(t);
            }
        }
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Pending p) {
                p.done().completeExceptionally(t);
            }
        }
    }

    /** A generator that writes one record per line: no separator of its own between them. */
    private static JsonGenerator lineWriter(java.io.Writer w) throws IOException {
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w);
        g.setRootValueSeparator(null);
        return g;
    }

    /** Notes which key the journal's line n (one JSON object, as serialised above) holds. */
    private void trackLine(String key, long n) {
        if (ownLines != null) {
            if (n > JournalLines.MAX_TRACKED) {
                ownLines = null; // bounded memory: the fold scans the journal instead
            } else {
                ownLines.add(key, (int) n);
            }
        }
    }

    /** Folds the journal into a new snapshot: write aside, fsync, rename over, then empty the journal. */
    private void compactNow() throws IOException {
        Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        long copied;
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            copied = SnapshotLines.write(dir, w, ownLines);
        }
        long count = copied >= 0 ? copied : writeBound(tmp);
        try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            c.force(true); // the snapshot must be whole on disk before it replaces the old one
        }
        Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        org.trawl.internal.Durability.syncDir(dir);
        // A crash here leaves the journal's records in both files: replay is idempotent, so no harm.
        journal.truncate(0);
        journal.position(0);
        journal.force(true);
        checkpointCount = count;
        journalLines = 0;
        ownLines = new JournalLines();
    }

    /** The snapshot from bound records, for files {@link SnapshotLines} cannot copy line by line. */
    private long writeBound(Path tmp) throws IOException {
        long[] n = {0};
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                JsonGenerator g = lineWriter(w)) {
            g.writeRaw(SnapshotLines.HEAD + "\n");
            forEachLatest(dir, r -> {
                try {
                    if (n[0]++ > 0) {
                        g.writeRaw(",\n");
                    }
                    ItemRecordJson.write(g, r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeRaw("\n" + SnapshotLines.TAIL + "\n");
        }
        return n[0];
    }

    /** Drains pending appends, compacts and releases the lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(POISON);
        try {
            writer.join();
            if (writerFailure == null && journalLines > 0) {
                compactNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                journal.close();
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // closing is best effort; the data is already written
            }
        }
        if (writerFailure != null) {
            throw new TrawlException(
                    1, "could not write the checkpoint journal: " + writerFailure.getMessage(), writerFailure);
        }
    }

    // ---- read-only access, also used for other shards' stores ----

    /** Calls action with the latest record of every key in the store at dir (snapshot + journal). */
    public static void forEachLatest(Path dir, Consumer<ItemRecord> action) {
        // Pass 1: the journal line holding each key's latest record (the journal is bounded by compaction).
        KeyIndex latestLine = new KeyIndex();
        readJournal(dir, (line, r) -> latestLine.put(r.key(), line));
        if (latestLine.size() == 0) {
            // the usual case after a run (its close folded the journal): no key to hash per record
            readCheckpoint(dir, action);
            return;
        }
        readCheckpoint(dir, r -> {
            if (!latestLine.contains(r.key())) {
                action.accept(r);
            }
        });
        readJournal(dir, (line, r) -> {
            if (latestLine.get(r.key()) == line) {
                action.accept(r);
            }
        });
    }

    interface LineConsumer {
        void accept(int line, ItemRecord record);
    }

    static void readCheckpoint(Path dir, Consumer<ItemRecord> action) {
        Path file = dir.resolve(CHECKPOINT);
        long[] read = {0};
        try {
            try {
                readCheckpoint(
                        file,
                        r -> {
                            read[0]++;
                            action.accept(r);
                        },
                        false);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (IOException notPlain) {
                // binding reads the file from the top; the records already passed on were read as it reads them
                long[] skip = {read[0]};
                readCheckpoint(
                        file,
                        r -> {
                            if (skip[0] > 0) {
                                skip[0]--;
                            } else {
                                action.accept(r);
                            }
                        },
                        true);
            }
        } catch (NoSuchFileException e) {
            // a fresh output directory
        } catch (IOException e) {
            // one line: Jackson's own message spans two, with the source's description
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null
                    ? ":" + j.getLocation().getLineNr()
                    : "";
            String what = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage()
                    : e.getMessage();
            throw new TrawlException(
                    1,
                    "the checkpoint " + file + where + " is unreadable (" + what
                            + "); move it aside to start over (its finished items are then fetched again)",
                    e);
        }
    }

    /** Reads the snapshot's records with {@link ItemRecordJson}, or by binding each one. */
    private static void readCheckpoint(Path file, Consumer<ItemRecord> action, boolean bind) throws IOException {
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a trawl checkpoint");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if ("items".equals(name) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        action.accept(bind ? p.readValueAs(ItemRecord.class) : ItemRecordJson.read(p));
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    static void readJournal(Path dir, LineConsumer action) {
        Path file = dir.resolve(JOURNAL);
        try (Utf8LineReader r = Utf8LineReader.open(file)) {
            String line;
            while (r != null && (line = r.readLine()) != null) {
                int n = r.lineNumber();
                if (line.isBlank()) {
                    continue;
                }
                ItemRecord rec;
                try {
                    rec = parseLine(line);
                } catch (IOException torn) {
                    continue; // a line torn by a crash of another writer: its item simply is not done
                }
                if (rec.key() != null) {
                    action.accept(n, rec);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record on a journal line, read as binding reads it; throws if binding cannot read it. */
    static ItemRecord parseLine(String line) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(line)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                ItemRecord r = ItemRecordJson.read(p);
                if (p.nextToken() == null) {
                    return r;
                }
            }
        } catch (IOException e) {
            // not one plain object (or torn): binding decides, as it always did
        }
        return Json.MAPPER.readValue(line, ItemRecord.class);
    }

    /** A crash can leave half a line at the end; cut it so the next append starts on a fresh line. */
    private static void repairTornTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return;
        }
        ByteBuffer one = ByteBuffer.allocate(1);
        long pos = size - 1;
        ch.read(one, pos);
        if (one.get(0) == '\n') {
            return;
        }
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        while (pos > 0) {
            long start = Math.max(0, pos - chunk.capacity());
            chunk.clear().limit((int) (pos - start));
            ch.read(chunk, start);
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    ch.truncate(start + i + 1);
                    return;
                }
            }
            pos = start;
        }
        ch.truncate(0);
    }
}
