package org.trawl.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Opens the test TFRecord reader to tests of other packages. */
public final class TfRecordReaderAccess {
    private TfRecordReaderAccess() {}

    public static List<Map<String, List<Object>>> read(Path file) throws IOException {
        return TfRecordReader.read(file);
    }
}
