package org.trawl.source.m3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** A node of the kb's phylogeny tree: {@code children} and {@code alternativeNames} are absent when empty. */
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record ConceptNode(String name, String rank, List<String> alternativeNames, List<ConceptNode> children) {

    public ConceptNode {
        children = children == null ? List.of() : children;
        alternativeNames = alternativeNames == null ? List.of() : alternativeNames;
    }

    /** This concept, then every descendant, depth first (m3-download's order). */
    public void collect(List<String> into) {
        if (name != null && !into.contains(name)) {
            into.add(name);
        }
        for (ConceptNode c : children) {
            c.collect(into);
        }
    }
}
