package org.trawl.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the build (quarkus.application.version). */
public class VersionProvider implements IVersionProvider {
    public static String version() {
        return ConfigProvider.getConfig()
                .getOptionalValue("quarkus.application.version", String.class)
                .orElse("dev");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "trawl " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
            "SHA-256: " + org.trawl.internal.Sha256.implementation()
        };
    }
}
