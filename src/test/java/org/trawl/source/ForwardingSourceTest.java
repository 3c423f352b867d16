package org.trawl.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.trawl.core.CloseableIterator;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestHeaders;
import org.trawl.export.ExportFormat;
import org.trawl.export.WithExports;

/** Every wrapper a command puts around a source keeps everything the source does besides its addition. */
class ForwardingSourceTest {

    /** A sink that does nothing: only how many there are matters here. */
    static final class NoSink implements DatasetSink {
        @Override
        public void accept(org.trawl.plan.PlannedItem item, org.trawl.checkpoint.ItemRecord record) {}

        @Override
        public void close() {}
    }

    /** A source that answers every SPI method with something other than the default. */
    static final class Full implements MediaSource {
        final List<AfterFetch> afterFetch = new ArrayList<>();

        @Override
        public CloseableIterator<MediaItem> items() {
            return CloseableIterator.of(
                    List.of(MediaItem.of("http://h/a.jpg", "x")).iterator());
        }

        @Override
        public RequestHeaders requestHeaders() {
            return url -> Map.of("Authorization", "Bearer t");
        }

        @Override
        public int unreadInputs() {
            return 2;
        }

        @Override
        public List<DatasetSink> sinks(Path out) {
            return List.of(new NoSink());
        }

        @Override
        public boolean derived(MediaItem item) {
            return true;
        }

        @Override
        public void afterFetch(AfterFetch run) {
            afterFetch.add(run);
        }

        @Override
        public List<StreamSummary> streams() {
            return List.of(new StreamSummary("s1", Map.of(), 1, 1.0, null, null, null, 1, null, null));
        }
    }

    @Test
    void decodeCheckFoldsAndExportsForwardEverythingElse() {
        for (boolean exports : new boolean[] {false, true}) {
            Full inner = new Full();
            MediaSource wrapped = DecodeCheckedSource.of(WithSinks.of(inner, out -> new NoSink()), true);
            if (exports) {
                wrapped = WithExports.wrap(wrapped, List.of(ExportFormat.values()[0]), false);
            }
            assertThat(wrapped.unreadInputs()).isEqualTo(2);
            assertThat(wrapped.streams()).hasSize(1);
            assertThat(wrapped.derived(MediaItem.of("http://h/a.jpg", "x"))).isTrue();
            assertThat(wrapped.requestHeaders().forUrl("http://h/a.jpg")).containsKey("Authorization");
            assertThat(wrapped.sinks(Path.of("out"))).hasSize(exports ? 3 : 2);
            assertThat(wrapped.transform()).isNotNull(); // the decode check
            try (CloseableIterator<MediaItem> it = wrapped.items()) {
                assertThat(it.hasNext()).isTrue();
            }
            AfterFetch run = new AfterFetch(Path.of("out"), null, null, null, null, null);
            wrapped.afterFetch(run);
            assertThat(inner.afterFetch).containsExactly(run);
        }
    }
}
