package org.trawl.cli;

import org.trawl.media.MediaFilter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** --media-type, the same on every downloading command (part of {@link DownloadOptions}). */
public class MediaTypeOption {
    @Option(
            names = "--media-type",
            paramLabel = "TYPE",
            defaultValue = "StillImage",
            converter = Converter.class,
            description = "Which media to keep, in GBIF's words: StillImage (default), Sound, MovingImage, or any. "
                    + "Each body is judged by its content, never its Content-Type: images as JPEG, PNG, GIF, WebP, "
                    + "TIFF, BMP, JPEG 2000, HEIC, AVIF or DICOM; sound as WAV, MP3, FLAC, Ogg (Vorbis, Opus), M4A "
                    + "or AAC; video as MP4, QuickTime, WebM, Matroska, AVI or MPEG-TS. Anything else (an error page, "
                    + "or another family) fails its item. The gbif commands also keep only occurrence media of this "
                    + "type.")
    MediaFilter media;

    public MediaFilter media() {
        return media;
    }

    /** A bad value is one line, "trawl: --media-type: unknown type ...", like every converter's. */
    public static class Converter implements ITypeConverter<MediaFilter> {
        @Override
        public MediaFilter convert(String value) {
            try {
                return MediaFilter.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
