package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/**
 * The same tests as {@link NetworkOptionsTest}, against the built artifact: headers, netrc, cookies and the
 * rate limits must hold in the native executable too.
 */
@QuarkusMainIntegrationTest
class NetworkOptionsIT extends NetworkOptionsTest {}
