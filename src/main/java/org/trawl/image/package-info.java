/** Image sniffing (is this body an image, which extension) and header-only dimension reading, without AWT/ImageIO. */
package org.trawl.image;
