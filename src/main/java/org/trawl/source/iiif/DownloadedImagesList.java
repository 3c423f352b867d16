package org.trawl.source.iiif;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * iiif_downloader's {@code downloaded_images.txt}: the path of every image on disk, relative to the
 * output folder, one per line, in reading order. iiif_downloader appended to it on every run, so a
 * re-run listed images twice; this file is rewritten whole (aside, then renamed) from the checkpoint.
 */
public final class DownloadedImagesList implements DatasetSink {
    private final Path file;
    private final Path tmp;
    private final BufferedWriter w;

    public DownloadedImagesList(Path file) {
        this.file = file;
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            this.w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) throws IOException {
        if (record != null && record.path() != null) {
            w.write(record.path());
            w.write('\n');
        }
    }

    @Override
    public void close() throws IOException {
        w.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
