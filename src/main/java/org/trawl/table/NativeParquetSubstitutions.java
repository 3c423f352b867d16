package org.trawl.table;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;
import java.nio.file.Path;
import java.util.List;

/**
 * The native executable's Parquet: none (why: {@link ParquetSupport}). Replacing the entry points leaves
 * parquet-java and Hadoop unreachable, so native-image never links them. Read by native-image only.
 */
final class NativeParquetSubstitutions {
    private NativeParquetSubstitutions() {}

    @TargetClass(ParquetSupport.class)
    static final class Support {
        @Substitute
        static boolean available() {
            return false;
        }
    }

    @TargetClass(ParquetTableReader.class)
    static final class Reader {
        @Substitute
        static ParquetTableReader open(Path fileOrFolder) {
            throw ParquetSupport.unavailable(String.valueOf(fileOrFolder));
        }
    }

    @TargetClass(ParquetTableWriter.class)
    static final class Writer {
        @Substitute
        static ParquetTableWriter create(Path file, List<TableColumn> columns) {
            throw ParquetSupport.unavailable(String.valueOf(file));
        }
    }
}
