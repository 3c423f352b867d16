package org.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** Sizes (--max-bytes, --max-line-bytes, --wds-shard-bytes): plain bytes or powers of 1024. */
class SizeConverterTest {
    private final SizeConverter sizes = new SizeConverter();

    @Test
    void sizesReadPlainBytesAndPowersOf1024() {
        assertThat(sizes.convert("1073741824")).isEqualTo(1L << 30);
        assertThat(sizes.convert("512M")).isEqualTo(512L << 20);
        assertThat(sizes.convert("512mb")).isEqualTo(512L << 20);
        assertThat(sizes.convert("1G")).isEqualTo(1L << 30);
        assertThat(sizes.convert("64k")).isEqualTo(64L << 10);
        assertThat(sizes.convert("2T")).isEqualTo(2L << 40);
        for (String bad : new String[] {"", "G", "0", "-1M", "1.5G", "12Q", "99999999999T"}) {
            assertThatThrownBy(() -> sizes.convert(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessage("'" + bad + "' is not a size (e.g. 1073741824, 512M, 1G)");
        }
    }
}
