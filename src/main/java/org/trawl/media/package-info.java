/**
 * What family a downloaded body belongs to (still image, sound, moving image), which container it is and
 * which extension it gets, read from its first bytes only; and the few stream facts (duration, sample rate,
 * channels, frame size) a container's header gives without decoding anything.
 */
package org.trawl.media;
