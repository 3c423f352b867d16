package org.trawl.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes the files that let people cite, trust and share a dataset: the card ({@code README.md}), {@code
 * CITATION.cff} and {@code ATTRIBUTION.csv}. They are derived from what is on disk at the end of a run, like
 * metadata.csv, so a re-run, a second source into the same OUT or the last shard to finish rewrites them
 * true for the whole folder.
 */
public final class DatasetDocs {
    private DatasetDocs() {}

    /**
     * Records {@code run} (if not null) in OUT's run log, then rewrites the card, the citation and the
     * attribution table. Returns notes for the user (a README.md of the user's own, left alone); nothing is
     * written when OUT has no metadata.csv.
     */
    public static List<String> write(Path out, RunLog.Run run, String version) {
        return write(out, run, version, null);
    }

    /**
     * As {@link #write(Path, RunLog.Run, String)}, from {@code facts} already read from OUT's tables (null: read
     * them here): a run that also writes the report reads a million-row metadata.csv once, not twice.
     */
    public static List<String> write(Path out, RunLog.Run run, String version, DatasetFacts facts) {
        if (run != null) {
            RunLog.append(out, run);
        }
        List<String> notes = new ArrayList<>();
        if (!Files.isRegularFile(out.resolve("metadata.csv"))) {
            return notes;
        }
        if (facts == null) {
            facts = DatasetFacts.read(out, 0);
        }
        List<RunLog.Run> runs = RunLog.read(out);
        List<GbifArchiveInfo> archives = GbifArchiveInfo.find(out, runs);
        String title = titleOf(out);
        String date = LocalDate.now(ZoneOffset.UTC).toString();
        boolean boxes = Files.isRegularFile(out.resolve("boxes.csv")) || Files.isDirectory(out.resolve("coco"));
        Path card = out.resolve(DatasetCard.FILE);
        if (ours(card, DatasetCard.MARK)) {
            writeUnlessOnlyDatesDiffer(card, DatasetCard.text(title, version, date, facts, runs, boxes, archives));
        } else {
            notes.add(card + " is not trawl's: left as it is (the card was not written)");
        }
        Path cff = out.resolve(Citation.FILE);
        if (ours(cff, "# Written by trawl")) {
            writeUnlessOnlyDatesDiffer(cff, Citation.text(title, date, facts, archives));
        } else {
            notes.add(cff + " is not trawl's: left as it is");
        }
        Attribution.write(out, facts);
        return notes;
    }

    static String titleOf(Path out) {
        Path name = out.toAbsolutePath().normalize().getFileName();
        return name == null ? "trawl dataset" : name.toString();
    }

    /** A file trawl may rewrite: absent, or one it wrote (it holds the mark). */
    private static boolean ours(Path file, String mark) {
        if (!Files.exists(file)) {
            return true;
        }
        try {
            return Files.isRegularFile(file)
                    && Files.readString(file, StandardCharsets.UTF_8).contains(mark);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** A date or an instant, as the card and the citation print them. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)?");

    /**
     * Writes {@code text} unless the file already says the same but for its dates: a re-run that changes
     * nothing in the data leaves every file of OUT as it was (the dates then tell when the data last changed).
     */
    static void writeUnlessOnlyDatesDiffer(Path target, String text) {
        try {
            if (Files.isRegularFile(target)) {
                String old = Files.readString(target, StandardCharsets.UTF_8);
                if (DATE.matcher(old).replaceAll("D").equals(DATE.matcher(text).replaceAll("D"))) {
                    return;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // unreadable: write it afresh
        }
        writeString(target, text);
    }

    static void writeString(Path target, String text) {
        Path tmp = target.resolveSibling(
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        replace(tmp, target);
    }

    /** Renames a file written aside into place: a reader sees the old file or the new, never half of one. */
    static void replace(Path tmp, Path target) {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the rename's error is the one to report
            }
            throw new UncheckedIOException(e);
        }
    }
}
