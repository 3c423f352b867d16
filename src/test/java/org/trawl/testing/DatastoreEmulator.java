package org.trawl.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Cloud Datastore emulator from the machine's Google Cloud SDK, on a free loopback port,
 * in memory, strongly consistent. Tests that use it are skipped (an assumption, with the reason)
 * where gcloud or its emulator component is missing. Start once per test class: it takes seconds.
 */
public final class DatastoreEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path home;
    private final int port;
    private final String project;
    private final HttpClient http = HttpClient.newHttpClient();

    private DatastoreEmulator(Process process, Path home, int port, String project) {
        this.process = process;
        this.home = home;
        this.port = port;
        this.project = project;
    }

    /** Starts the emulator, or skips the calling test class when the SDK is not installed. */
    public static DatastoreEmulator start(String project) throws Exception {
        Path gcloud = onPath("gcloud");
        Assumptions.assumeTrue(gcloud != null, "gcloud is not on PATH: the Datastore emulator tests are skipped");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path home = Files.createTempDirectory("trawl-gcloud");
        ProcessBuilder pb = new ProcessBuilder(
                        gcloud.toString(),
                        "beta",
                        "emulators",
                        "datastore",
                        "start",
                        "--project=" + project,
                        "--no-store-on-disk",
                        "--consistency=1.0",
                        "--host-port=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("emulator.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("CLOUDSDK_CONFIG", home.toString()); // never the user's own gcloud configuration
        env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        Process p = pb.start();
        DatastoreEmulator emu = new DatastoreEmulator(p, home, port, project);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String log = Files.readString(home.resolve("emulator.log"));
                Assumptions.assumeTrue(
                        !log.contains("not installed") && !log.contains("component"),
                        "the Datastore emulator component is not installed: " + log.strip());
                throw new IllegalStateException("the Datastore emulator stopped: " + log);
            }
            if (emu.ready()) {
                return emu;
            }
            Thread.sleep(200);
        }
        emu.close();
        throw new IllegalStateException("the Datastore emulator did not start in 90 s");
    }

    private boolean ready() {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/"))
                            .GET()
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** http://127.0.0.1:PORT, what DATASTORE_EMULATOR_HOST names (without the scheme). */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** A key in this project: kind, name, kind, name, ... */
    public ObjectNode key(String... kindsAndNames) {
        ObjectNode key = JSON.createObjectNode();
        key.putObject("partitionId").put("projectId", project);
        ArrayNode path = key.putArray("path");
        for (int i = 0; i < kindsAndNames.length; i += 2) {
            path.addObject().put("kind", kindsAndNames[i]).put("name", kindsAndNames[i + 1]);
        }
        return key;
    }

    /** Upserts entities through the emulator's REST API (:commit), one non-transactional commit. */
    public void upsert(ObjectNode... entities) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("mode", "NON_TRANSACTIONAL");
        ArrayNode muts = body.putArray("mutations");
        for (ObjectNode e : entities) {
            muts.addObject().set("upsert", e);
        }
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url() + "/v1/projects/" + project + ":commit"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("commit failed: " + r.statusCode() + " " + r.body());
        }
    }

    /** An entity with string properties (values starting with "int:" become integerValue). */
    public ObjectNode entity(ObjectNode key, Map<String, String> props) {
        ObjectNode e = JSON.createObjectNode();
        e.set("key", key);
        ObjectNode p = e.putObject("properties");
        props.forEach((k, v) -> {
            if (v.startsWith("int:")) {
                p.putObject(k).put("integerValue", v.substring(4));
            } else {
                p.putObject(k).put("stringValue", v);
            }
        });
        return e;
    }

    @Override
    public void close() throws Exception {
        try {
            http.send(
                    HttpRequest.newBuilder(URI.create(url() + "/shutdown"))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException ignored) {
            // already gone
        }
        // gcloud (python) -> shell -> java: end the whole tree this test started, by handle
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(f -> f.toFile().delete());
        }
    }
}
