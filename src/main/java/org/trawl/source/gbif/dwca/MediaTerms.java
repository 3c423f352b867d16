package org.trawl.source.gbif.dwca;

import java.util.Locale;

/**
 * Where a media extension keeps what an item needs. GBIF's Multimedia extension uses Dublin Core
 * (identifier, type, format, license, rightsHolder, creator); the EOL media extension puts the file in
 * Audubon Core's accessURI and the licence and owner in XMP rights terms.
 */
final class MediaTerms {
    static final String GBIF_MULTIMEDIA = "http://rs.gbif.org/terms/1.0/Multimedia";
    static final String EOL_MEDIA = "http://eol.org/schema/media/Document";
    static final String AC_MULTIMEDIA = "http://rs.tdwg.org/ac/terms/Multimedia";

    final FileSpec spec;
    final FileSpec.Field url;
    final FileSpec.Field type;
    final FileSpec.Field format;
    final FileSpec.Field license;
    final FileSpec.Field rightsHolder;
    final FileSpec.Field creator;
    final FileSpec.Field publisher;
    final FileSpec.Field references;
    final FileSpec.Field created;
    final FileSpec.Field title;

    MediaTerms(FileSpec spec) {
        this.spec = spec;
        url = spec.firstField(
                "http://rs.tdwg.org/ac/terms/accessURI",
                "http://purl.org/dc/terms/identifier",
                "accessURI",
                "identifier");
        type = spec.firstField("http://purl.org/dc/terms/type", "http://purl.org/dc/elements/1.1/type", "type");
        format = spec.firstField("http://purl.org/dc/terms/format", "http://purl.org/dc/elements/1.1/format", "format");
        license = spec.firstField(
                "http://purl.org/dc/terms/license",
                "http://ns.adobe.com/xap/1.0/rights/UsageTerms",
                "license",
                "UsageTerms");
        rightsHolder = spec.firstField(
                "http://purl.org/dc/terms/rightsHolder",
                "http://ns.adobe.com/xap/1.0/rights/Owner",
                "rightsHolder",
                "Owner");
        creator = spec.firstField(
                "http://purl.org/dc/terms/creator", "http://purl.org/dc/elements/1.1/creator", "creator");
        publisher = spec.firstField("http://purl.org/dc/terms/publisher", "publisher");
        references = spec.firstField("http://purl.org/dc/terms/references", "references", "furtherInformationURL");
        created = spec.firstField("http://purl.org/dc/terms/created", "created", "CreateDate");
        title = spec.firstField("http://purl.org/dc/terms/title", "title");
    }

    static boolean isMedia(FileSpec s) {
        return s.isRowType(GBIF_MULTIMEDIA, EOL_MEDIA, AC_MULTIMEDIA);
    }

    /**
     * The DCMI type of a row ("StillImage"), from a bare name or a dcmitype URI; when the type is empty,
     * from the MIME format (image/* is a StillImage).
     */
    static String mediaType(String type, String format) {
        String t = type == null ? "" : FileSpec.localName(type.trim());
        if (!t.isEmpty()) {
            return t;
        }
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        if (f.startsWith("image/")) {
            return "StillImage";
        }
        if (f.startsWith("video/")) {
            return "MovingImage";
        }
        if (f.startsWith("audio/")) {
            return "Sound";
        }
        return "";
    }
}
