package org.trawl.cli.gbif;

import org.trawl.internal.Network;
import org.trawl.source.gbif.GbifClient;
import picocli.CommandLine.Option;

/** {@code --gbif-api URL} (env TRAWL_GBIF_API) on every gbif command. */
public class GbifApiOption {
    @Option(
            names = "--gbif-api",
            paramLabel = "URL",
            defaultValue = "${env:TRAWL_GBIF_API:-https://api.gbif.org/v1}",
            description = "GBIF API base URL (default: $TRAWL_GBIF_API or https://api.gbif.org/v1).")
    String gbifApi;

    /** The client; {@code network} is the command's --insecure, --cacert and proxies. */
    public GbifClient client(Network network) {
        return GbifClient.create(gbifApi, network);
    }
}
