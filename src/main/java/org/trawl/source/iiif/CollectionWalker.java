package org.trawl.source.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * Expands collections nested to any depth (2.x collections/manifests/members, 3.0 items) into the
 * ordered list of documents that hold images, level by level: all the collections of one depth are
 * fetched at once, so a wide tree costs its depth in round trips, not its size. Every collection is
 * visited once (a collection that lists an ancestor or itself is skipped), every manifest is listed
 * once. A member that cannot be read is reported and the others carry on.
 */
final class CollectionWalker {

    /** A document with images to read: embedded in its parent (JSON given) or to fetch (url only). */
    record Leaf(String url, JsonNode embedded) {}

    /** A node of the tree: a collection (or any document whose type is not known yet). */
    private static final class Node {
        final String url;
        JsonNode doc;
        final List<Object> children = new ArrayList<>(); // Leaf or Node, in the publisher's order

        Node(String url, JsonNode doc) {
            this.url = url;
            this.doc = doc;
        }
    }

    private final DocumentClient client;
    private final ExecutorService pool;
    private final BiConsumer<String, String> problem;
    private final Set<String> seenCollections = new HashSet<>();
    private final Set<String> seenLeaves = new HashSet<>();

    CollectionWalker(DocumentClient client, ExecutorService pool, BiConsumer<String, String> problem) {
        this.client = client;
        this.pool = pool;
        this.problem = problem;
    }

    /** The documents under a collection already fetched. */
    List<Leaf> walk(String url, JsonNode collection) throws InterruptedException {
        Node root = new Node(url, collection);
        remember(url, collection);
        return expand(root);
    }

    /** The documents under a list of URLs of any type (a local file of URLs). */
    List<Leaf> walkUrls(List<String> urls) throws InterruptedException {
        Node root = new Node(null, null);
        for (String u : urls) {
            if (seenCollections.add(u)) {
                root.children.add(new Node(u, null));
            }
        }
        return expand(root);
    }

    private List<Leaf> expand(Node root) throws InterruptedException {
        List<Node> frontier = new ArrayList<>();
        if (root.doc != null) {
            frontier.add(root);
        } else {
            for (Object c : root.children) {
                frontier.add((Node) c);
            }
        }
        while (!frontier.isEmpty()) {
            fetchAll(frontier);
            List<Node> next = new ArrayList<>();
            for (Node n : frontier) {
                if (n.doc != null && "Collection".equals(IiifJson.type(n.doc))) {
                    members(n, next);
                }
            }
            frontier = next;
        }
        List<Leaf> out = new ArrayList<>();
        flatten(root, out);
        return out;
    }

    private void members(Node n, List<Node> next) {
        JsonNode d = n.doc;
        List<JsonNode> members = new ArrayList<>();
        if (d.has("members")) {
            members.addAll(IiifJson.list(d.get("members")));
        } else {
            members.addAll(IiifJson.list(d.get("collections")));
            members.addAll(IiifJson.list(d.get("manifests")));
            members.addAll(IiifJson.list(d.get("items")));
        }
        for (JsonNode m : members) {
            String id = IiifJson.id(m);
            String type = IiifJson.type(m);
            boolean collection = type.equals("Collection");
            if (id == null && !(m.isObject() && (m.has("manifests") || m.has("items") || m.has("sequences")))) {
                continue;
            }
            if (collection) {
                if (id != null && !seenCollections.add(id)) {
                    continue; // already visited: a cycle or a collection listed twice
                }
                boolean embedded = m.has("manifests") || m.has("collections") || m.has("members") || m.has("items");
                Node child = new Node(id, embedded ? m : null);
                n.children.add(child);
                next.add(child);
            } else {
                if (id != null && !seenLeaves.add(id)) {
                    continue; // the same manifest listed twice: one folder, not two
                }
                boolean embedded = m.has("sequences") || m.has("items") || m.has("canvases") || m.has("images");
                n.children.add(new Leaf(id, embedded ? m : null));
            }
        }
    }

    private void fetchAll(List<Node> nodes) throws InterruptedException {
        List<Future<?>> running = new ArrayList<>();
        List<Node> fetched = new ArrayList<>();
        for (Node n : nodes) {
            if (n.doc == null && n.url != null) {
                fetched.add(n);
                running.add(pool.submit(() -> {
                    try {
                        n.doc = client.get(n.url);
                        remember(n.url, n.doc);
                    } catch (DocumentException e) {
                        problem.accept(n.url, e.getMessage());
                    }
                    return null;
                }));
            }
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private synchronized void remember(String url, JsonNode doc) {
        String id = IiifJson.id(doc);
        if (id != null && "Collection".equals(IiifJson.type(doc))) {
            seenCollections.add(id);
        }
        if (url != null) {
            seenCollections.add(url);
        }
    }

    private void flatten(Node n, List<Leaf> out) {
        if (n.doc != null && !"Collection".equals(IiifJson.type(n.doc))) {
            // a URL from a list, or a member typed as a collection that is really something else
            String id = IiifJson.id(n.doc);
            if (id == null || seenLeaves.add(id) || n.url == null) {
                out.add(new Leaf(n.url, n.doc));
            }
            return;
        }
        for (Object c : n.children) {
            if (c instanceof Leaf l) {
                out.add(l);
            } else {
                flatten((Node) c, out);
            }
        }
    }
}
