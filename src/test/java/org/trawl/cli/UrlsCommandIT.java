package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link UrlsCommandTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class UrlsCommandIT extends UrlsCommandTest {}
