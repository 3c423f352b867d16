package org.trawl.source.m3;

import java.util.List;
import org.trawl.core.Box;

/** One image to fetch: its M3 image reference, URL, file stem, the concept of its first box, and its boxes. */
public record M3Image(String imageReference, String url, String stem, String concept, List<Box> boxes) {}
