package org.trawl.cli.gbif;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/**
 * The same tests as {@link GbifSoundTest}, against the built artifact: the sound and video sniffers and the
 * stream headers they read must hold in the native executable too.
 */
@QuarkusMainIntegrationTest
class GbifSoundIT extends GbifSoundTest {}
