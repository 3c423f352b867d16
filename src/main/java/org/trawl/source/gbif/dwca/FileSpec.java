package org.trawl.source.gbif.dwca;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One data file of an archive as meta.xml describes it (core or extension): where its rows are, how
 * they are delimited, and which column holds which term.
 *
 * @param rowType    the row type URI (Occurrence, Multimedia, ...)
 * @param locations  data files, relative to meta.xml, read one after the other
 * @param fieldSep   the field separator (one character), or 0 when meta.xml does not say (then sniffed)
 * @param lineSep    the line terminator ('\n' also accepts "\r\n")
 * @param quote      the enclosing character, or 0 for none
 * @param headerLines lines skipped at the top of each file
 * @param idIndex    the column of the core id or coreid, or -1
 * @param fields     term URI to column and default
 */
public record FileSpec(
        String rowType,
        List<String> locations,
        Charset encoding,
        char fieldSep,
        char lineSep,
        char quote,
        int headerLines,
        int idIndex,
        Map<String, Field> fields) {

    /** A mapped term: its column (-1 when only a default is given) and its default value (or null). */
    public record Field(String term, int index, String defaultValue) {}

    /** The mapped field for a term given as a full URI or by its local name (case-insensitive as a fallback). */
    public Field field(String nameOrUri) {
        Field f = fields.get(nameOrUri);
        if (f != null) {
            return f;
        }
        for (Field x : fields.values()) {
            if (localName(x.term()).equals(nameOrUri)) {
                return x;
            }
        }
        for (Field x : fields.values()) {
            if (localName(x.term()).equalsIgnoreCase(nameOrUri)) {
                return x;
            }
        }
        return null;
    }

    /** The first field present among the given names. */
    public Field firstField(String... names) {
        for (String n : names) {
            Field f = field(n);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** The same spec with the field separator decided. */
    public FileSpec withFieldSep(char sep) {
        return new FileSpec(rowType, locations, encoding, sep, lineSep, quote, headerLines, idIndex, fields);
    }

    public String rowTypeName() {
        return localName(rowType);
    }

    public boolean isRowType(String... uris) {
        for (String u : uris) {
            if (u.equalsIgnoreCase(rowType)) {
                return true;
            }
        }
        return false;
    }

    public static String localName(String term) {
        int cut = Math.max(term.lastIndexOf('/'), term.lastIndexOf('#'));
        return cut >= 0 ? term.substring(cut + 1) : term;
    }

    @Override
    public String toString() {
        return rowTypeName().toLowerCase(Locale.ROOT) + " " + locations;
    }
}
