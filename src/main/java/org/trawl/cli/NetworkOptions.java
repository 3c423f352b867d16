package org.trawl.cli;

import java.nio.file.Path;
import java.util.Map;
import org.trawl.core.TrawlException;
import org.trawl.internal.CaFile;
import org.trawl.internal.Network;
import org.trawl.internal.ProxyConfig;
import picocli.CommandLine.Option;

/** --proxy and --cacert: with --insecure, how every HTTP client of a command reaches servers. */
public class NetworkOptions {
    @Option(
            names = "--proxy",
            paramLabel = "URL",
            description = "HTTP proxy for every request, as http://[user:password@]host[:port] (port 1080 when none "
                    + "is given; HTTPS goes through it with CONNECT): replaces https_proxy, HTTPS_PROXY, http_proxy, "
                    + "all_proxy and ALL_PROXY, which are read as curl reads them otherwise. NO_PROXY still applies. "
                    + "--proxy '' uses no proxy.")
    String proxy;

    @Option(
            names = "--cacert",
            paramLabel = "FILE",
            description = "Also trust the certificate authorities in this PEM file (a private CA), besides the "
                    + "built-in ones; certificates are still verified.")
    Path cacert;

    /** Reads the proxy variables of this process; a bad proxy URL or CA file is a usage error. */
    public Network network(boolean insecure) {
        return network(insecure, System.getenv());
    }

    Network network(boolean insecure, Map<String, String> env) {
        try {
            ProxyConfig proxies = ProxyConfig.of(proxy, env);
            CaFile ca = cacert == null ? null : CaFile.load(cacert);
            return new Network(insecure, proxies, ca);
        } catch (IllegalArgumentException e) {
            throw TrawlException.usage(e.getMessage());
        }
    }
}
