package org.trawl.source.iiif;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestFallback;

/**
 * The second request for an image its server refused (http 400, 403, 501): the Image API puts maxWidth,
 * maxHeight, maxArea and sizes in each image's own info.json, and trawl reads one per server (see
 * {@link IiifSource}), so an image whose own limits are below its server's is asked for a size it refuses.
 * Its own info.json is read then, once per image whatever the number of items showing it, and the largest
 * size it allows up to -w is asked for: any size within its caps, else the largest of its listed
 * {@code sizes}. The server's description stays what its other images are asked with: one image with
 * limits of its own says nothing of the next one.
 */
final class OwnLimits implements RequestFallback {
    /** An image's own description, or why it could not be read. */
    private record Own(ImageService service, String failure) {}

    private final DocumentClient client;
    private final int maxWidth;
    private final boolean fullResolution;
    /** Each image service as the plan asked it, by id. */
    private final Map<String, ImageService> planned;
    /** The ids whose own info.json was read before the plan: reading it again would tell nothing new. */
    private final Set<String> readBefore;

    private final Map<String, CompletableFuture<Own>> own = new ConcurrentHashMap<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger belowFull = new AtomicInteger();

    OwnLimits(
            DocumentClient client,
            int maxWidth,
            boolean fullResolution,
            Map<String, ImageService> planned,
            Set<String> readBefore) {
        this.client = client;
        this.maxWidth = maxWidth;
        this.fullResolution = fullResolution;
        this.planned = planned;
        this.readBefore = readBefore;
    }

    @Override
    public Instead instead(MediaItem item, int status) {
        String id = item.fields().get(IiifSource.SERVICE_FIELD);
        ImageService before = id == null ? null : planned.get(id);
        if (before == null) {
            return null; // an image without a service is a plain file: there is nothing else to ask
        }
        Own o = ownOf(before);
        if (o.failure() != null) {
            return Instead.fail("its own info.json could not be read: " + o.failure());
        }
        String url = ImageRequest.url(o.service(), maxWidth);
        if (url.equals(item.url())) {
            // its description allows the size refused: the sizes it lists are the ones it surely serves
            url = ImageRequest.listedUrl(o.service(), maxWidth);
        }
        if (url == null || url.equals(item.url())) {
            return Instead.fail("its own info.json allows no other size");
        }
        asked.incrementAndGet();
        if (fullResolution && TileGrid.of(o.service(), maxWidth) != null) {
            belowFull.incrementAndGet();
        }
        return Instead.fetch(url);
    }

    /** Its own description: read once, by the first item that needs it; the others wait for that read. */
    private Own ownOf(ImageService before) {
        if (readBefore.contains(before.id())) {
            return new Own(before, null);
        }
        CompletableFuture<Own> mine = new CompletableFuture<>();
        CompletableFuture<Own> theirs = own.putIfAbsent(before.id(), mine);
        if (theirs != null) {
            return theirs.join();
        }
        try {
            mine.complete(new Own(before.withInfo(client.get(before.id() + "/info.json")), null));
        } catch (DocumentException e) {
            mine.complete(new Own(null, e.getMessage()));
        } catch (RuntimeException e) {
            mine.complete(new Own(null, e.toString())); // an odd document must fail its item, not the engine
        }
        return mine.join();
    }

    /** Images asked for again within their own limits. */
    int asked() {
        return asked.get();
    }

    /** Info.json documents read for them. */
    int read() {
        return own.size();
    }

    /** Of those, the ones below the full resolution asked for with --full-resolution (not fetched as tiles). */
    int belowFullResolution() {
        return belowFull.get();
    }
}
