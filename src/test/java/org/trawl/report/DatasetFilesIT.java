package org.trawl.report;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests as {@link DatasetFilesTest}, against the built artifact (jar, or native with -Dnative). */
@QuarkusMainIntegrationTest
class DatasetFilesIT extends DatasetFilesTest {}
