package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link IiifTilesTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class IiifTilesIT extends IiifTilesTest {}
