package org.trawl.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "500ms", "30s", "5m", "2h", a bare number of seconds, or ISO-8601 ("PT30S"). */
public class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase();
        Matcher m = SIMPLE.matcher(v);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double ms = switch (unit) {
                case "ms" -> n;
                case "m" -> n * 60_000;
                case "h" -> n * 3_600_000;
                case "d" -> n * 86_400_000;
                default -> n * 1000;
            };
            if (ms >= 1) {
                return Duration.ofMillis((long) ms);
            }
        } else {
            try {
                Duration d = Duration.parse(value.trim().toUpperCase());
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (RuntimeException ignored) {
                // reported below
            }
        }
        throw new TypeConversionException("'" + value + "' is not a duration (try 30s, 5m, 500ms)");
    }
}
