package org.trawl.cli.docs;

import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Comparator;
import picocli.CommandLine;

/**
 * Builds the command model outside Quarkus (at build time, for the completion scripts and the man
 * page). Commands take CDI beans in their constructors; the model only reads annotations, so
 * those arguments are passed as null and never used.
 */
final class ModelFactory implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            return CommandLine.defaultFactory().create(cls);
        } catch (Exception noDefaultConstructor) {
            Constructor<?> c = Arrays.stream(cls.getDeclaredConstructors())
                    .min(Comparator.comparingInt(Constructor::getParameterCount))
                    .orElseThrow(() -> noDefaultConstructor);
            c.setAccessible(true);
            Object[] args =
                    Arrays.stream(c.getParameterTypes()).map(ModelFactory::zero).toArray();
            return cls.cast(c.newInstance(args));
        }
    }

    private static Object zero(Class<?> t) {
        if (!t.isPrimitive()) {
            return null;
        }
        if (t == boolean.class) {
            return false;
        }
        if (t == char.class) {
            return '\0';
        }
        return t == long.class
                ? 0L
                : t == double.class
                        ? 0.0
                        : t == float.class ? 0f : t == int.class ? 0 : t == short.class ? (short) 0 : (byte) 0;
    }
}
