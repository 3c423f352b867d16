package org.trawl.source.fathomnet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record FnTaxon(String name, String rank) {
}
