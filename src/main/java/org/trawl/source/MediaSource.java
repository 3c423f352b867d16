package org.trawl.source;

import java.nio.file.Path;
import java.util.List;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestFallback;
import org.trawl.core.RequestHeaders;
import org.trawl.image.ImageTransform;
import org.trawl.media.MediaFilter;

/**
 * What every source gives the one pipeline ({@code job.DatasetJob}): a lazy stream of media items,
 * read once per run, and optionally what its images need (request headers, a transform) and what its
 * tool writes besides the common tables. A source never downloads images itself.
 */
public interface MediaSource {

    /**
     * The items, in the order that decides the plan. Called once per run: the planning pass writes the
     * plan to a file ({@code plan.PlanFile}) that the download, the duplicate pass and the sinks read, so a
     * source need not keep its items, nor its remote answers, to give them twice. (A re-run of the same
     * command calls it again: a source whose answers change between runs and must not, such as a sampled
     * search, keeps them for that.)
     */
    CloseableIterator<MediaItem> items();

    /** Headers for each image request (credentials); called per attempt, never stored anywhere. */
    default RequestHeaders requestHeaders() {
        return RequestHeaders.NONE;
    }

    /**
     * What to ask for instead when a server refuses an item's request as asked (see {@link RequestFallback});
     * none by default.
     */
    default RequestFallback requestFallback() {
        return RequestFallback.NONE;
    }

    /** A rewrite of each validated image before it is put in place (resize, orientation), or null. */
    default ImageTransform transform() {
        return null;
    }

    /**
     * The media families a downloaded body may be (--media-type): a body of another family, or of none
     * trawl knows, fails its item. Still images by default.
     */
    default MediaFilter media() {
        return MediaFilter.STILL_IMAGE;
    }

    /**
     * Inputs the source had to skip because it could not read them (a broken manifest in a collection,
     * say), counted once {@link #items()} has been read; any makes the run end with exit code 3.
     */
    default int unreadInputs() {
        return 0;
    }

    /**
     * The source tool's own files (e.g. iiif's downloaded_images.txt), fed after the run with every
     * planned item and its outcome. Empty by default.
     */
    default List<DatasetSink> sinks(Path out) {
        return List.of();
    }

    /**
     * Whether the source makes this item itself in {@link #afterFetch} from other items the engine
     * fetched (iiif: a page stitched from its tiles), so the engine must not download it. It is still
     * planned and still reaches the sinks, with the record the source writes for it.
     */
    default boolean derived(MediaItem item) {
        return false;
    }

    /**
     * Runs once the engine has fetched everything, before metadata.csv, failures.csv and the sinks are
     * written: the source makes its {@link #derived} items from what was fetched and records them in
     * the checkpoint. Items whose path starts with {@code .trawl/tiles/} ({@code StateLayout.INTERMEDIATE})
     * are intermediate: the engine fetches and checkpoints them there, but they are never rows of the
     * tables nor fed to the sinks; each goes to the shard of the nearest ordinary item before it (the
     * one made from it).
     */
    default void afterFetch(AfterFetch run) {}

    /**
     * The source's streams for {@code --dry-run} (e.g. GBIF's balanced streams: query, count, weight,
     * expected share), printed after the plan and as the {@code "streams"} array of {@code --json}.
     * Called after a pass over {@link #items()}. Empty by default.
     */
    default List<StreamSummary> streams() {
        return List.of();
    }

    /**
     * The images the source offered under more than one label (GBIF: a media URL on occurrences of
     * different species) and what became of each, for duplicates.csv and --dry-run. Called after a pass
     * over {@link #items()}. Empty by default.
     */
    default List<SharedMedia> sharedAcrossLabels() {
        return List.of();
    }

    /**
     * The media the source left out because a filter the user chose refuses them ({@code --license},
     * {@code --media-type}), for filtered.csv. Called after a pass over {@link #items()}. Empty by default.
     */
    default Iterable<FilteredMedia> filtered() {
        return List.of();
    }
}
