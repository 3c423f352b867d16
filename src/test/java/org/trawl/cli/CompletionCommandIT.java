package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link CompletionCommandTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class CompletionCommandIT extends CompletionCommandTest {}
