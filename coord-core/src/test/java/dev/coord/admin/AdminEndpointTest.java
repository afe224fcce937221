package dev.coord.admin;

import dev.coord.CreateMode;
import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.metrics.PeerMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin endpoint of a standalone Coordinator, over HTTP with the JDK's client. */
class AdminEndpointTest {
    @TempDir
    Path dir;

    @Test
    void shouldBeOffByDefault() {
        try (Coordinator coord = Coordinator.builder().start()) {
            assertThat(coord.adminAddress()).isEmpty();
        }
    }

    @Test
    void shouldServeStatusAndNodesAsJson() {
        try (Coordinator coord = Coordinator.builder().adminPort(0).start()) {
            InetSocketAddress address = coord.adminAddress().orElseThrow();
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            assertThat(address.getPort()).isPositive();
            AdminHttp http = new AdminHttp(address);
            coord.create("/app", "v1 \"quoted\" \u00e9".getBytes(UTF_8), CreateMode.PERSISTENT);
            coord.create("/app/a", new byte[] {(byte) 0xff, 0, 1}, CreateMode.PERSISTENT);
            coord.create("/app/b", null, CreateMode.PERSISTENT);

            AdminHttp.Response status = http.get("/status");
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.contentType()).startsWith("application/json");
            assertThat(status.json()).containsEntry("role", "STANDALONE").containsEntry("peerId", 1.0)
                    .containsEntry("lastZxidHex", "0x" + Long.toHexString(coord.status().lastZxid()));

            Map<String, Object> app = http.get("/tree?path=%2Fapp").json();
            assertThat(app).containsEntry("path", "/app").containsEntry("encoding", "utf-8")
                    .containsEntry("data", "v1 \"quoted\" \u00e9").containsEntry("children", List.of("a", "b"));
            assertThat(stat(app)).containsEntry("version", 0.0).containsEntry("numChildren", 2.0)
                    .containsEntry("dataLength", (double) "v1 \"quoted\" \u00e9".getBytes(UTF_8).length);

            assertThat(http.get("/tree?path=/app/a").json()).containsEntry("encoding", "base64").containsEntry("data", "/wAB");
            assertThat(http.get("/tree?path=/app/b").json()).containsEntry("encoding", "utf-8").containsEntry("data", "");
            assertThat(http.get("/tree").json()).containsEntry("path", "/").containsEntry("children", List.of("app"));
            assertThat(http.get("/").body()).contains("<title>Coord admin</title>");
        }
    }

    @Test
    void shouldAnswerErrorsAsJsonWithTheirStatus() {
        try (Coordinator coord = Coordinator.builder().adminPort(0).start()) {
            AdminHttp http = new AdminHttp(coord.adminAddress().orElseThrow());
            coord.create("/app", null, CreateMode.PERSISTENT);

            AdminHttp.Response missing = http.get("/tree?path=/missing");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json()).containsEntry("error", "NO_NODE").containsEntry("path", "/missing");

            AdminHttp.Response bad = http.get("/tree?path=app");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json()).containsEntry("error", "BAD_ARGUMENTS");
            assertThat((String) bad.json().get("message")).contains("must start with '/'");

            AdminHttp.Response trailing = http.get("/tree?path=/app/");
            assertThat(trailing.status()).isEqualTo(400);
            assertThat((String) trailing.json().get("message")).contains("must not end with '/'");

            AdminHttp.Response readOnly = http.send("PUT", "/tree?path=/app", "x");
            assertThat(readOnly.status()).isEqualTo(403);
            assertThat(readOnly.json()).containsEntry("error", "READ_ONLY");
            assertThat((String) readOnly.json().get("message")).contains("adminWritable(true)");
            assertThat(http.send("DELETE", "/tree?path=/app", null).status()).isEqualTo(403);
            assertThat(http.send("POST", "/tree?path=/other", "").status()).isEqualTo(403);
            assertThat(coord.exists("/other")).isNull();
            assertThat(coord.getData("/app").stat().version()).isZero();

            assertThat(http.get("/nothing-here").status()).isEqualTo(404);
            assertThat(http.send("POST", "/status", "").status()).isEqualTo(405);
        }
    }

    @Test
    void shouldCreateSetAndDeleteWhenWritable() {
        try (Coordinator coord = Coordinator.builder().adminPort(0).adminWritable(true).start()) {
            AdminHttp http = new AdminHttp(coord.adminAddress().orElseThrow());

            AdminHttp.Response created = http.send("POST", "/tree?path=/w", "x");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json()).containsEntry("path", "/w");
            assertThat(new String(coord.getData("/w").data(), UTF_8)).isEqualTo("x");
            assertThat(http.send("POST", "/tree?path=/w/s-&mode=PERSISTENT_SEQUENTIAL", "").json())
                    .containsEntry("path", "/w/s-0000000000");
            assertThat(http.send("POST", "/tree?path=/w&mode=PERSISTENT", "").json()).containsEntry("error", "NODE_EXISTS");
            AdminHttp.Response badMode = http.send("POST", "/tree?path=/z&mode=FOREVER", "");
            assertThat(badMode.status()).isEqualTo(400);
            assertThat((String) badMode.json().get("message")).contains("PERSISTENT_SEQUENTIAL");

            AdminHttp.Response set = http.send("PUT", "/tree?path=/w&version=0", "y");
            assertThat(set.status()).isEqualTo(200);
            assertThat(stat(set.json())).containsEntry("version", 1.0);
            AdminHttp.Response stale = http.send("PUT", "/tree?path=/w&version=0", "z");
            assertThat(stale.status()).isEqualTo(409);
            assertThat(stale.json()).containsEntry("error", "BAD_VERSION");
            assertThat(new String(coord.getData("/w").data(), UTF_8)).isEqualTo("y");

            AdminHttp.Response notEmpty = http.send("DELETE", "/tree?path=/w", null);
            assertThat(notEmpty.status()).isEqualTo(409);
            assertThat(notEmpty.json()).containsEntry("error", "NOT_EMPTY");
            AdminHttp.Response deleted = http.send("DELETE", "/tree?path=/w&recursive=true&version=1", null);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json()).containsEntry("deleted", 2.0);
            assertThat(coord.exists("/w")).isNull();

            AdminHttp.Response foreign = http.send(HttpRequest.newBuilder(http.uri("/tree?path=/evil"))
                    .header("Origin", "http://evil.example").POST(HttpRequest.BodyPublishers.ofString("x")));
            assertThat(foreign.status()).isEqualTo(403);
            assertThat(foreign.json()).containsEntry("error", "CROSS_ORIGIN");
            assertThat(coord.exists("/evil")).isNull();
        }
    }

    @Test
    void shouldStreamChangesAndRemoveTheWatchWhenTheClientLeaves() throws IOException {
        try (Coordinator coord = Coordinator.builder().adminPort(0).adminHeartbeat(Duration.ofMillis(100)).start()) {
            InetSocketAddress address = coord.adminAddress().orElseThrow();
            AdminHttp http = new AdminHttp(address);
            coord.create("/app", null, CreateMode.PERSISTENT);
            try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /events?path=%2Fapp HTTP/1.1\r\nHost: " + address.getHostString() + ":" + address.getPort()
                        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
                assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
                readUntil(in, "event: open");
                Map<String, Object> watches = http.get("/watches").json();
                assertThat(watches).containsEntry("count", 1.0);
                assertThat((List<?>) watches.get("watches")).singleElement()
                        .isEqualTo(Map.of("path", "/app", "kind", "persistentRecursive",
                                "session", ((Map<?, ?>) ((List<?>) watches.get("watches")).get(0)).get("session")));

                coord.create("/app/x", null, CreateMode.PERSISTENT);
                String created = dataAfter(in, "event: change");
                assertThat(MiniJson.object(created)).containsEntry("type", "NODE_CREATED").containsEntry("path", "/app/x");
                coord.setData("/app/x", "1".getBytes(UTF_8), -1);
                assertThat(MiniJson.object(dataAfter(in, "event: change"))).containsEntry("type", "NODE_DATA_CHANGED");
                coord.create("/elsewhere", null, CreateMode.PERSISTENT);
                coord.delete("/app/x", -1);
                assertThat(MiniJson.object(dataAfter(in, "event: change")))
                        .as("a change outside the path is not sent").containsEntry("type", "NODE_DELETED");
            }
            awaitTrue(() -> ((Double) http.get("/watches").json().get("count")) == 0.0, "the watch removed after the client left");
            assertThat(coord.metrics().watchCount()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void shouldReportMetricsThroughTheApiJsonAndJmx() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.coord:type=Peer,id=77");
        try (Coordinator coord = Coordinator.builder().peerId(77).dataDir(dir).snapshotEveryTxns(20)
                .logBlockBytes(1 << 20).adminPort(0).start()) {
            AdminHttp http = new AdminHttp(coord.adminAddress().orElseThrow());
            coord.create("/m", null, CreateMode.PERSISTENT);
            for (int i = 0; i < 50; i++) {
                coord.create("/m/n" + i, "data".getBytes(UTF_8), CreateMode.PERSISTENT);
            }
            try (Session worker = coord.openSession(Duration.ofSeconds(10))) {
                worker.create("/m/eph", null, CreateMode.EPHEMERAL);
                worker.getData("/m/n0", event -> { });
                awaitTrue(() -> coord.metrics().watchCount() == 1 && coord.metrics().localSessionCount() == 2,
                        "the tick to publish the watch and the session");
                awaitTrue(() -> coord.metrics().snapshotBytes() > 0, "a snapshot on disk");
                PeerMetrics m = coord.metrics();
                assertThat(m.peerId()).isEqualTo(77);
                assertThat(m.requestLatency().count()).isGreaterThanOrEqualTo(51);
                assertThat(m.requestLatency().p50Ns()).isPositive().isLessThanOrEqualTo(m.requestLatency().p99Ns());
                assertThat(m.requestLatency().p99Ns()).isLessThanOrEqualTo(m.requestLatency().maxNs());
                assertThat(m.fsyncLatency().count()).isPositive();
                assertThat(m.fsyncLatency().minNs()).isPositive();
                assertThat(m.znodeCount()).isEqualTo(53);
                assertThat(m.ephemeralsCount()).isEqualTo(1);
                assertThat(m.sessionCount()).isEqualTo(2);
                assertThat(m.approximateDataSize()).isGreaterThanOrEqualTo(50 * ("/m/n0".length() + 4));
                assertThat(m.logBytes()).isPositive();
                assertThat(m.outstandingRequests()).isZero();
                assertThat(m.connections()).isEmpty();

                Map<String, Object> json = http.get("/metrics").json();
                assertThat(json).containsEntry("znode_count", 53.0).containsEntry("ephemerals_count", 1.0)
                        .containsEntry("role", "STANDALONE").containsEntry("watch_count", 1.0);
                assertThat((Double) json.get("fsync_count")).isPositive();
                assertThat((Double) json.get("request_latency_p99_us")).isGreaterThanOrEqualTo((Double) json.get("request_latency_p50_us"));

                Map<String, Object> sessions = http.get("/sessions").json();
                assertThat(sessions).containsEntry("count", 2.0);   // default and worker: the admin opens its own only for /tree and /events
                assertThat(sessions.toString()).contains("/m/eph").contains("0x" + Long.toHexString(worker.sessionId()));

                assertThat(jmx.isRegistered(name)).isTrue();
                assertThat(jmx.getAttribute(name, "ZnodeCount")).isEqualTo(53L);
                assertThat(jmx.getAttribute(name, "Role")).isEqualTo("STANDALONE");
                assertThat((Long) jmx.getAttribute(name, "FsyncCount")).isPositive();
            }
        }
        assertThat(jmx.isRegistered(name)).as("unregistered at close").isFalse();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stat(Map<String, Object> node) {
        return (Map<String, Object>) node.get("stat");
    }

    private static void readUntil(BufferedReader in, String line) throws IOException {
        String read;
        while ((read = in.readLine()) != null) {
            if (read.equals(line)) {
                return;
            }
        }
        throw new AssertionError("the stream ended before '" + line + "'");
    }

    private static String dataAfter(BufferedReader in, String eventLine) throws IOException {
        readUntil(in, eventLine);
        String data = in.readLine();
        assertThat(data).startsWith("data: ");
        return data.substring("data: ".length());
    }

    static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
