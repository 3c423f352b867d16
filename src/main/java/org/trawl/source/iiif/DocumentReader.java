package org.trawl.source.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the images out of a Manifest (2.1: sequences → canvases → images → resource; 3.0: items →
 * Canvas → AnnotationPage → painting Annotation → body), a lone Sequence or Canvas, or an
 * Image API info.json. Choice bodies give their default (first) image. Every sequence is read; a
 * canvas that several sequences list is taken once. Referenced (not embedded) sequences and
 * annotation pages are fetched.
 */
final class DocumentReader {
    private final DocumentClient client;

    DocumentReader(DocumentClient client) {
        this.client = client;
    }

    IiifDocument read(JsonNode doc, String url) throws DocumentException {
        String type = IiifJson.type(doc);
        String id = IiifJson.id(doc) != null ? IiifJson.id(doc) : url;
        List<IiifDocument.Image> images = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        switch (type) {
            case "Manifest" -> {
                for (JsonNode seq : IiifJson.list(doc.get("sequences"))) {
                    sequence(resolve(seq, "canvases"), images, seen);
                }
                for (JsonNode canvas : IiifJson.list(doc.get("items"))) {
                    canvas(canvas, images, seen);
                }
            }
            case "Sequence" -> sequence(doc, images, seen);
            case "Canvas" -> canvas(doc, images, seen);
            default -> {
                if (ImageService.isImageService(doc)) {
                    ImageService s = ImageService.describe(doc, true, -1, -1);
                    String sid = s.id() != null ? s.id() : stripInfo(url);
                    s = new ImageService(
                            sid,
                            s.version(),
                            s.level(),
                            s.width(),
                            s.height(),
                            s.maxWidth(),
                            s.maxHeight(),
                            s.maxArea(),
                            s.sizes(),
                            s.supports(),
                            true,
                            s.tiles());
                    images.add(new IiifDocument.Image(sid, null, sid, s));
                    return new IiifDocument(
                            url, sid, "ImageService", null, null, null, null, IiifJson.text(doc.get("rights")), images);
                }
                throw new DocumentException(
                        type.isEmpty() ? "not a IIIF document (no @type or type)" : "unsupported IIIF type " + type,
                        true);
            }
        }
        if (images.isEmpty()) {
            throw new DocumentException("no images in this " + type, true);
        }
        String attribution = IiifJson.text(doc.get("attribution"));
        String required = attribution;
        JsonNode rs = doc.get("requiredStatement");
        if (rs != null && rs.isObject()) {
            attribution = IiifJson.text(rs.get("value"));
            String l = IiifJson.text(rs.get("label"));
            required = l == null || "true".equals(l) ? attribution : attribution == null ? l : l + ": " + attribution;
        }
        String description = IiifJson.text(doc.has("description") ? doc.get("description") : doc.get("summary"));
        String license = IiifJson.text(doc.has("license") ? doc.get("license") : doc.get("rights"));
        return new IiifDocument(
                url, id, type, IiifJson.text(doc.get("label")), description, attribution, required, license, images);
    }

    private static String stripInfo(String url) {
        return url.endsWith("/info.json") ? url.substring(0, url.length() - "/info.json".length()) : url;
    }

    /** An embedded node, or the fetched document when only a reference (an id without {@code content}) is given. */
    private JsonNode resolve(JsonNode node, String content) throws DocumentException {
        if (node.has(content) || IiifJson.id(node) == null) {
            return node;
        }
        return client.get(IiifJson.id(node));
    }

    private void sequence(JsonNode seq, List<IiifDocument.Image> images, Set<String> seen) throws DocumentException {
        for (JsonNode canvas : IiifJson.list(seq.get("canvases"))) {
            canvas(canvas, images, seen);
        }
    }

    private void canvas(JsonNode canvas, List<IiifDocument.Image> images, Set<String> seen) throws DocumentException {
        if (!canvas.isObject()) {
            return;
        }
        String canvasId = IiifJson.id(canvas);
        if (canvasId != null && !seen.add("canvas " + canvasId)) {
            return; // listed by an earlier sequence
        }
        String label = IiifJson.text(canvas.get("label"));
        // 2.x: images[] annotations with a resource
        for (JsonNode anno : IiifJson.list(canvas.get("images"))) {
            resource(anno.get("resource"), canvasId, label, images, seen);
        }
        // 3.0: items[] annotation pages of painting annotations with a body
        for (JsonNode page : IiifJson.list(canvas.get("items"))) {
            if (!page.isObject()) {
                continue;
            }
            JsonNode p = resolve(page, "items");
            for (JsonNode anno : IiifJson.list(p.get("items"))) {
                List<String> motivations = IiifJson.strings(anno.get("motivation"));
                if (motivations.isEmpty() || motivations.stream().anyMatch(m -> m.contains("painting"))) {
                    for (JsonNode body : IiifJson.list(anno.get("body"))) {
                        resource(body, canvasId, label, images, seen);
                    }
                }
            }
        }
    }

    private void resource(
            JsonNode r, String canvasId, String canvasLabel, List<IiifDocument.Image> images, Set<String> seen) {
        if (r == null || !r.isObject()) {
            return;
        }
        String type = IiifJson.type(r);
        if (type.equals("Choice")) {
            // 2.x: default + item[]; 3.0: items[] whose first entry is the default
            JsonNode pick = r.has("default") ? r.get("default") : null;
            if (pick == null) {
                for (JsonNode c : IiifJson.list(r.has("items") ? r.get("items") : r.get("item"))) {
                    if (isImage(c)) {
                        pick = c;
                        break;
                    }
                }
            }
            resource(pick, canvasId, canvasLabel, images, seen);
            return;
        }
        if (!isImage(r)) {
            return;
        }
        int w = IiifJson.intOf(r, "width"), h = IiifJson.intOf(r, "height");
        ImageService service = ImageService.pick(r.get("service"), w, h);
        String url = IiifJson.id(r);
        if (service == null && url == null) {
            return;
        }
        String key = service != null ? "service " + service.id() : "url " + url;
        if (!seen.add(key)) {
            return;
        }
        images.add(new IiifDocument.Image(canvasId, canvasLabel, url, service));
    }

    /** The seed's rule, in both versions: a format naming an image, or an Image type. */
    private static boolean isImage(JsonNode r) {
        if (r == null || !r.isObject()) {
            return false;
        }
        String type = IiifJson.type(r);
        return type.equals("Image") || r.path("format").asText().contains("image");
    }
}
