package org.trawl.source.som;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where the Google APIs are, and when credentials are wanted. */
class GoogleEndpointsTest {

    @Test
    void realServicesWithCredentialsByDefault() {
        GoogleEndpoints e = GoogleEndpoints.resolve(Map.of(), null, null);
        assertThat(e.datastore()).hasToString("https://datastore.googleapis.com");
        assertThat(e.storage()).hasToString("https://storage.googleapis.com");
        assertThat(e.datastoreAuth()).isTrue();
        assertThat(e.storageAuth()).isTrue();
        assertThat(e.needsCredentials()).isTrue();
    }

    @Test
    void emulatorVariablesMeanPlainHttpWithoutCredentials() {
        GoogleEndpoints e = GoogleEndpoints.resolve(
                Map.of("DATASTORE_EMULATOR_HOST", "localhost:8081", "STORAGE_EMULATOR_HOST", "http://127.0.0.1:9023/"),
                null,
                null);
        assertThat(e.datastore()).hasToString("http://localhost:8081");
        assertThat(e.storage()).hasToString("http://127.0.0.1:9023");
        assertThat(e.needsCredentials()).isFalse();
    }

    @Test
    void oneEmulatedServiceStillNeedsCredentialsForTheOther() {
        GoogleEndpoints e = GoogleEndpoints.resolve(Map.of("DATASTORE_EMULATOR_HOST", "localhost:8081"), null, null);
        assertThat(e.datastoreAuth()).isFalse();
        assertThat(e.storageAuth()).isTrue();
        assertThat(e.needsCredentials()).isTrue();
    }

    @Test
    void flagsWinOverTheEnvironmentAndKeepAuth() {
        GoogleEndpoints e = GoogleEndpoints.resolve(
                Map.of("DATASTORE_EMULATOR_HOST", "localhost:8081"),
                "https://proxy.example/ds",
                "http://127.0.0.1:1234");
        assertThat(e.datastore()).hasToString("https://proxy.example/ds");
        assertThat(e.datastoreAuth()).isTrue();
        assertThat(e.storage()).hasToString("http://127.0.0.1:1234");
    }

    @Test
    void notAUrlIsRefused() {
        assertThatThrownBy(() -> GoogleEndpoints.resolve(Map.of(), "ftp://x", null))
                .hasMessageContaining("ftp://x");
    }

    @Test
    void keyNamesBecomeFoldersAndCollidingStemsKeepTheirWholeName() {
        Set<String> used = new HashSet<>();
        assertThat(SomSource.stemPath("Collection/C/Entity/E/a.1.dcm", used)).isEqualTo("Collection/C/Entity/E/a.1");
        assertThat(SomSource.stemPath("Collection/C/Entity/E/a.2.dcm", used)).isEqualTo("Collection/C/Entity/E/a.2");
        assertThat(SomSource.stemPath("Collection/C/Entity/E/x.png", used)).isEqualTo("Collection/C/Entity/E/x");
        assertThat(SomSource.stemPath("Collection/C/Entity/E/x.jpg", used)).isEqualTo("Collection/C/Entity/E/x.jpg");
        assertThat(SomSource.stemPath("//lone", used)).isEqualTo("lone");
    }

    @Test
    void objectNamesAreFullyEncoded() {
        assertThat(SomSource.encode("Collection/C 1/a+b.dcm")).isEqualTo("Collection%2FC%201%2Fa%2Bb.dcm");
    }
}
