package org.trawl.cli.gbif;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link GbifDwcaCommandTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class GbifDwcaCommandIT extends GbifDwcaCommandTest {}
