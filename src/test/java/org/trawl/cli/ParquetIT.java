package org.trawl.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/**
 * The same tests as {@link ParquetUrlsTest}, against the built artifact: in CI the native executable, the proof
 * that parquet-java's Hadoop-free path and the pure-Java codecs work there.
 */
@QuarkusMainIntegrationTest
class ParquetIT extends ParquetUrlsTest {}
