package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link M3CommandTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class M3CommandIT extends M3CommandTest {
}
