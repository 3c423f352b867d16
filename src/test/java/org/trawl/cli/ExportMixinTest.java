package org.trawl.cli;

import org.trawl.core.TrawlException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.trawl.export.ExportFormat;
import org.trawl.export.WebDatasetExporter;

/** The export options' own parsing: sizes, limits, format names. */
class ExportMixinTest {
    @Test
    void sizesReadPlainBytesAndPowersOf1024() {
        assertThat(ExportMixin.parseSize("--x", "1073741824")).isEqualTo(1L << 30);
        assertThat(ExportMixin.parseSize("--x", "512M")).isEqualTo(512L << 20);
        assertThat(ExportMixin.parseSize("--x", "512mb")).isEqualTo(512L << 20);
        assertThat(ExportMixin.parseSize("--x", "1G")).isEqualTo(1L << 30);
        assertThat(ExportMixin.parseSize("--x", "64k")).isEqualTo(64L << 10);
        assertThat(ExportMixin.parseSize("--x", "2T")).isEqualTo(2L << 40);
        for (String bad : new String[] {"", "G", "0", "-1M", "1.5G", "12Q", "99999999999T"}) {
            assertThatThrownBy(() -> ExportMixin.parseSize("--wds-shard-bytes", bad)).as(bad)
                    .isInstanceOf(TrawlException.class).hasMessageContaining("--wds-shard-bytes");
        }
    }

    @Test
    void limitsDefaultTo10000SamplesAnd1GiB() {
        ExportMixin m = new ExportMixin();
        assertThat(m.wdsLimits()).isEqualTo(new WebDatasetExporter.Limits(10_000, 1L << 30));
        m.wdsShardSize = 5;
        m.wdsShardBytes = "3M";
        assertThat(m.wdsLimits()).isEqualTo(new WebDatasetExporter.Limits(5, 3L << 20));
    }

    @Test
    void webdatasetIsAFormatUnderBothNames() {
        assertThat(ExportFormat.parseList("coco,WDS,webdataset")).containsExactly(ExportFormat.COCO, ExportFormat.WEBDATASET);
    }
}
