package org.trawl.cli.gbif;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link GbifBalanceTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class GbifBalanceIT extends GbifBalanceTest {}
