package org.trawl.source.som;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.Function;
import org.trawl.checkpoint.ItemRecord;
import org.trawl.internal.Json;
import org.trawl.plan.PlannedItem;
import org.trawl.source.DatasetSink;

/**
 * som's metadata file beside each downloaded object: the Image entity's properties but created
 * and updated, as JSON. Named after the stored file's own stem ({@code a.1.jpg} → {@code a.1.json}),
 * not som's "name up to the first dot", so {@code a.1.dcm} and {@code a.2.dcm} no longer share
 * {@code a.json}. Written aside and renamed, like every other file trawl writes.
 */
final class SidecarSink implements DatasetSink {
    private final Path out;
    private final Function<PlannedItem, ObjectNode> sidecarOf;

    SidecarSink(Path out, Function<PlannedItem, ObjectNode> sidecarOf) {
        this.out = out;
        this.sidecarOf = sidecarOf;
    }

    static SidecarSink byPath(Path out, Map<String, ObjectNode> byItemPath) {
        return new SidecarSink(out, p -> byItemPath.get(p.item().path()));
    }

    @Override
    public void accept(PlannedItem item, ItemRecord record) throws IOException {
        if (record == null || !ItemRecord.DONE.equals(record.status()) || record.path() == null) {
            return;
        }
        ObjectNode sidecar = sidecarOf.apply(item);
        if (sidecar == null) {
            return;
        }
        Path file = out.resolve(record.path());
        String name = file.getFileName().toString();
        // a series archive's stem is the name without its whole ".tar.gz" (series.tar.gz -> series.json)
        int dot = name.endsWith(".tar.gz") ? name.length() - 7 : name.lastIndexOf('.');
        Path target = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        // each sidecar is complete when accept returns
    }
}
