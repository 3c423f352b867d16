package org.trawl.source.gbif.dwca;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads a Darwin Core Archive descriptor (meta.xml, TDWG text guide): the core and its extensions with
 * every attribute honoured, and the spec's defaults where an attribute is absent (fields separated by
 * a comma, lines by a newline, enclosed by a double quote, UTF-8, no header line).
 */
public final class MetaXml {
    private MetaXml() {}

    /** The parsed descriptor: one core and any number of extensions. */
    public record Descriptor(FileSpec core, List<FileSpec> extensions) {}

    public static Descriptor parse(InputStream in, String where) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // an archive is untrusted input: no DTDs, no external entities
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            doc = b.parse(in);
        } catch (SAXException | ParserConfigurationException e) {
            throw new DwcaException(where + ": meta.xml is not valid XML: " + e.getMessage());
        }
        Element root = doc.getDocumentElement();
        FileSpec core = null;
        List<FileSpec> extensions = new ArrayList<>();
        for (Element e : children(root)) {
            String name = local(e);
            if (name.equals("core")) {
                if (core != null) {
                    throw new DwcaException(where + ": meta.xml has more than one <core>");
                }
                core = spec(e, "id", where);
            } else if (name.equals("extension")) {
                extensions.add(spec(e, "coreid", where));
            }
        }
        if (core == null) {
            throw new DwcaException(where + ": meta.xml has no <core>");
        }
        return new Descriptor(core, extensions);
    }

    private static FileSpec spec(Element e, String idElement, String where) {
        String rowType = e.getAttribute("rowType");
        List<String> locations = new ArrayList<>();
        int id = -1;
        Map<String, FileSpec.Field> fields = new LinkedHashMap<>();
        for (Element c : children(e)) {
            switch (local(c)) {
                case "files" -> {
                    for (Element l : children(c)) {
                        if (local(l).equals("location") && !l.getTextContent().isBlank()) {
                            locations.add(l.getTextContent().trim());
                        }
                    }
                }
                case "id", "coreid" -> id = index(c.getAttribute("index"), where);
                case "field" -> {
                    String term = c.getAttribute("term").trim();
                    if (term.isEmpty()) {
                        throw new DwcaException(where + ": a <field> in meta.xml has no term");
                    }
                    int idx = c.hasAttribute("index") ? index(c.getAttribute("index"), where) : -1;
                    String def = c.hasAttribute("default") ? c.getAttribute("default") : null;
                    fields.putIfAbsent(term, new FileSpec.Field(term, idx, def));
                }
                default -> {}
            }
        }
        if (locations.isEmpty()) {
            throw new DwcaException(where + ": meta.xml names no data file for " + FileSpec.localName(rowType));
        }
        // absent: the text guide says ',', python-dwca-reader (and its fixtures) say tab; DwcaArchive sniffs the file
        String fs = attr(e, "fieldsTerminatedBy", "\0");
        String ls = attr(e, "linesTerminatedBy", "\n");
        String q = e.hasAttribute("fieldsEnclosedBy") ? unescape(e.getAttribute("fieldsEnclosedBy")) : "\"";
        if (fs.length() != 1) {
            throw new DwcaException(where + ": fieldsTerminatedBy must be one character, not '" + fs + "'");
        }
        if (q.length() > 1) {
            throw new DwcaException(where + ": fieldsEnclosedBy must be one character or empty, not '" + q + "'");
        }
        char line = ls.isEmpty() ? '\n' : ls.charAt(ls.length() - 1); // "\r\n" ends on '\n'
        int header = 0;
        String h = e.getAttribute("ignoreHeaderLines").trim();
        if (!h.isEmpty()) {
            header = index(h, where);
        }
        return new FileSpec(
                rowType,
                List.copyOf(locations),
                charset(e.getAttribute("encoding"), where),
                fs.charAt(0),
                line,
                q.isEmpty() ? 0 : q.charAt(0),
                header,
                id,
                fields);
    }

    private static Charset charset(String name, String where) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new DwcaException(where + ": unknown encoding '" + name + "' in meta.xml");
        }
    }

    private static String attr(Element e, String name, String def) {
        return e.hasAttribute(name) ? unescape(e.getAttribute(name)) : def;
    }

    /** meta.xml writes control characters as backslash escapes ("\t", "\n", "\r\n"). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 't' -> b.append('\t');
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case '\\' -> b.append('\\');
                    default -> b.append('\\').append(n);
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int index(String s, String where) {
        try {
            int i = Integer.parseInt(s.trim());
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new DwcaException(where + ": meta.xml has a bad index '" + s + "'");
        }
    }

    private static String local(Node n) {
        String name = n.getNodeName();
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        NodeList nl = e.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }
}
