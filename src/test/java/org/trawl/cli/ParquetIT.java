package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The same tests as {@link ParquetUrlsTest}, against the packaged jar: parquet-java's Hadoop-free path and the
 * pure-Java codecs outside the test class path. The native executable has no Parquet ({@link
 * org.trawl.table.ParquetSupport}); {@link ParquetNativeIT} checks what it says instead.
 */
@QuarkusMainIntegrationTest
@DisabledIfSystemProperty(named = "trawl.launcher", matches = ".*trawl-runner")
class ParquetIT extends ParquetUrlsTest {}
