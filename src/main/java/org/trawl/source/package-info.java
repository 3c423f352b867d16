/** What a source yields (MediaItem) and the sources themselves, one package per service. */
package org.trawl.source;
