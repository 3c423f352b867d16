package org.trawl.media;

import org.trawl.image.ImageFormat;

/**
 * A container recognised from its first bytes: its family, a short name for messages ("WAV", "MP4"), the
 * extension the file gets and the content type metadata.csv records.
 *
 * @param image the image format when the family is {@link MediaFamily#STILL_IMAGE}, else null
 */
public record MediaFormat(MediaFamily family, String name, String extension, String mimeType, ImageFormat image) {

    public static final MediaFormat WAV = audio("WAV", "wav", "audio/wav");
    public static final MediaFormat MP3 = audio("MP3", "mp3", "audio/mpeg");
    public static final MediaFormat FLAC = audio("FLAC", "flac", "audio/flac");
    public static final MediaFormat OGG_VORBIS = audio("Ogg Vorbis", "ogg", "audio/ogg");
    public static final MediaFormat OGG_OPUS = audio("Ogg Opus", "opus", "audio/ogg");
    /** Ogg holding another audio codec (FLAC, Speex): still audio, under the container's extension. */
    public static final MediaFormat OGG = audio("Ogg", "ogg", "audio/ogg");

    public static final MediaFormat M4A = audio("M4A", "m4a", "audio/mp4");
    public static final MediaFormat AAC = audio("AAC", "aac", "audio/aac");
    public static final MediaFormat MP4 = video("MP4", "mp4", "video/mp4");
    public static final MediaFormat MOV = video("QuickTime", "mov", "video/quicktime");
    public static final MediaFormat WEBM = video("WebM", "webm", "video/webm");
    public static final MediaFormat MKV = video("Matroska", "mkv", "video/x-matroska");
    public static final MediaFormat AVI = video("AVI", "avi", "video/x-msvideo");
    public static final MediaFormat MPEG_TS = video("MPEG-TS", "ts", "video/mp2t");
    public static final MediaFormat OGG_THEORA = video("Ogg Theora", "ogv", "video/ogg");

    /** gzip-compressed data, kept whole as a .tar.gz (som's image series); its tar is checked after the download. */
    public static final MediaFormat TAR_GZ =
            new MediaFormat(MediaFamily.ARCHIVE, "gzip", "tar.gz", "application/gzip", null);

    public static MediaFormat of(ImageFormat image) {
        return new MediaFormat(MediaFamily.STILL_IMAGE, image.name(), image.extension(), image.mimeType(), image);
    }

    private static MediaFormat audio(String name, String ext, String mime) {
        return new MediaFormat(MediaFamily.SOUND, name, ext, mime, null);
    }

    private static MediaFormat video(String name, String ext, String mime) {
        return new MediaFormat(MediaFamily.MOVING_IMAGE, name, ext, mime, null);
    }

    /** How a message names what a body is: "JPEG image", "WAV audio", "MP4 video". */
    public String describe() {
        return name
                + switch (family) {
                    case STILL_IMAGE -> " image";
                    case SOUND -> " audio";
                    case MOVING_IMAGE -> " video";
                    case ARCHIVE -> " archive";
                };
    }
}
