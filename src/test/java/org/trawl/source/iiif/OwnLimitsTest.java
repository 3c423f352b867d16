package org.trawl.source.iiif;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.trawl.core.MediaItem;
import org.trawl.core.RequestFallback.Instead;
import org.trawl.internal.Network;
import org.trawl.testing.IiifFakeServer;
import org.trawl.testing.IiifFakeServer.Service;

/**
 * The second request for a refused image, for the cases the end-to-end test does not reach. (A Quarkus
 * test: DocumentClient's SmallRye Fault Tolerance runtime comes with the application.)
 */
@QuarkusTest
class OwnLimitsTest {
    IiifFakeServer server;
    DocumentClient client;
    Map<String, ImageService> planned = new ConcurrentHashMap<>();
    Set<String> readBefore = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        server = IiifFakeServer.start();
        client = new DocumentClient(new DocumentClient.Settings(
                0, 4, Duration.ofSeconds(5), Duration.ofSeconds(5), Network.plain(false), "test", 10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** An image as the plan asked it: its server's level 2 and no caps, so {@code 400,} with -w 400. */
    ImageService planned(String name, int w, int h) {
        ImageService s =
                new ImageService(server.url("/img/" + name), 2, 2, w, h, -1, -1, -1, List.of(), Set.of(), true);
        planned.put(s.id(), s);
        return s;
    }

    static MediaItem item(ImageService s) {
        return new MediaItem(
                ImageRequest.url(s, 400), null, null, "iiif", null, null, null, Map.of("image_service", s.id()));
    }

    @Test
    void anImageThatClaimsAnySizeButRefusedOneIsAskedForItsLargestListedSize() {
        ImageService s = planned("listed", 1000, 750);
        server.service(s.id(), Service.v2(2, 1000, 750).withSizes(List.of(new int[] {300, 225}, new int[] {600, 450})));

        Instead i = new OwnLimits(client, 400, false, planned, readBefore).instead(item(s), 403);

        assertThat(i.url()).isEqualTo(s.id() + "/full/300,/0/default.jpg");
    }

    @Test
    void anImageWhoseOwnInfoWasReadBeforeCostsNoRequestAndFailsWhenItAllowsNothingElse() {
        ImageService s = planned("known", 1000, 750);
        readBefore.add(s.id());

        Instead i = new OwnLimits(client, 400, false, planned, readBefore).instead(item(s), 400);

        assertThat(i.url()).isNull();
        assertThat(i.failure()).isEqualTo("its own info.json allows no other size");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void anImageShownTwiceHasItsInfoJsonReadOnce() {
        ImageService s = planned("twice", 1000, 750);
        server.service(s.id(), Service.v2(2, 1000, 750).capped(350));
        OwnLimits limits = new OwnLimits(client, 400, false, planned, readBefore);

        List<Instead> both = List.of(
                        CompletableFuture.supplyAsync(() -> limits.instead(item(s), 400)),
                        CompletableFuture.supplyAsync(() -> limits.instead(item(s), 400)))
                .stream()
                .map(CompletableFuture::join)
                .toList();

        assertThat(both).extracting(Instead::url).containsOnly(s.id() + "/full/max/0/default.jpg");
        assertThat(server.requests()).containsExactly("/img/twice/info.json");
        assertThat(limits.asked()).isEqualTo(2);
        assertThat(limits.read()).isEqualTo(1);
    }

    @Test
    void anImageWithoutAServiceHasNothingElseToAsk() {
        MediaItem plain = MediaItem.of(server.url("/plain.jpg"), null);

        assertThat(new OwnLimits(client, 400, false, planned, readBefore).instead(plain, 400))
                .isNull();
        assertThat(server.requests()).isEmpty();
    }
}
