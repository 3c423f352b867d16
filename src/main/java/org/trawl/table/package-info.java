/**
 * Parquet tables, read and written without Hadoop: {@link org.trawl.table.ParquetTableWriter} takes a typed
 * schema ({@link org.trawl.table.TableColumn}: string, int64, double, timestamp or boolean, every column
 * nullable) and rows; {@link org.trawl.table.ParquetTableReader} yields the rows of one file or of a folder of
 * part files as named columns. parquet-java does the format; {@link org.trawl.table.PureJavaCodecs} gives it
 * pure-Java compression so that nothing needs JNI in the native executable.
 */
package org.trawl.table;
