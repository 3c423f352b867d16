package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.trawl.export.ExportFormat;
import org.trawl.export.WebDatasetExporter;

/** The export options' own parsing: limits, format names (sizes: SizeConverterTest). */
class ExportMixinTest {
    @Test
    void limitsDefaultTo10000SamplesAnd1GiB() {
        ExportMixin m = new ExportMixin();
        assertThat(m.wdsLimits()).isEqualTo(new WebDatasetExporter.Limits(10_000, 1L << 30));
        m.wdsShardSize = 5;
        m.wdsShardBytes = 3L << 20;
        assertThat(m.wdsLimits()).isEqualTo(new WebDatasetExporter.Limits(5, 3L << 20));
    }

    @Test
    void webdatasetIsAFormatUnderBothNames() {
        assertThat(ExportFormat.parseList("coco,WDS,webdataset"))
                .containsExactly(ExportFormat.COCO, ExportFormat.WEBDATASET);
    }
}
