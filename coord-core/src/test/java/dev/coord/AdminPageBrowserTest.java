package dev.coord;

import dev.coord.admin.DevToolsPage;
import dev.coord.admin.HeadlessChromium;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin page in a real headless browser (Debian's chromium, driven over the DevTools protocol):
 * the members table shows the leader, a click opens a node, and a change made through the API shows
 * up live, through the page's event stream. Skipped only when no chromium is installed.
 */
class AdminPageBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void shouldShowTheLeaderAndFollowTreeChangesLive() throws Exception {
        Path executable = HeadlessChromium.find();
        Assumptions.assumeTrue(executable != null,
                "chromium is not installed (apt-get install -y chromium, or -Dcoord.chromium=/path): admin page test skipped");
        try (Ensemble ensemble = new Ensemble(dir, 3, Set.of(), 1000).configure(b -> b.adminPort(0)).startAll()) {
            Ensemble.await(() -> ensemble.leader() > 0, WAIT, "a leader");
            int leaderId = ensemble.leader();
            int followerId = ensemble.peers.keySet().stream().filter(id -> id != leaderId).findFirst().orElseThrow();
            Coordinator leader = ensemble.peers.get(leaderId);
            leader.create("/app", "v1".getBytes(UTF_8), CreateMode.PERSISTENT);
            leader.create("/app/config", "{\"a\": 1}".getBytes(UTF_8), CreateMode.PERSISTENT);
            long created = leader.status().lastZxid();
            Coordinator follower = ensemble.peers.get(followerId);
            Ensemble.await(() -> follower.status().lastZxid() >= created, WAIT, "the follower to apply the nodes");
            InetSocketAddress admin = follower.adminAddress().orElseThrow();

            HeadlessChromium chromium = HeadlessChromium.start(executable);
            Path profile = chromium.profile();
            long pid = chromium.pid();
            try (chromium; DevToolsPage page = chromium.firstPage()) {
                page.navigate("http://127.0.0.1:" + admin.getPort() + "/");

                page.await("document.querySelector('#members tr.leader')?.dataset.id ?? null",
                        v -> String.valueOf(leaderId).equals(v), WAIT, "the members table to mark the leader");
                assertThat(page.evaluate("document.querySelector('#members tr.leader td.state').textContent"))
                        .isEqualTo("LEADING");
                assertThat(page.evaluate("document.querySelectorAll('#members tbody tr').length")).isEqualTo(3.0);

                page.await("!!document.querySelector('#children a[data-name=\"app\"]')", Boolean.TRUE::equals, WAIT,
                        "the root's children");
                page.evaluate("document.querySelector('#children a[data-name=\"app\"]').click()");
                page.await("document.body.dataset.path + '=' + document.querySelector('#data').textContent",
                        "/app=v1"::equals, WAIT, "the page to show /app");
                assertThat(page.evaluate("[...document.querySelectorAll('#children a')].map(a => a.dataset.name).join(',')"))
                        .isEqualTo("config");
                page.await("document.querySelector('#live').className", "up"::equals, WAIT, "the event stream to open");

                leader.setData("/app", "v2".getBytes(UTF_8), -1);
                page.await("document.querySelector('#data').textContent", "v2"::equals, WAIT,
                        "the page to show the new value without reloading");
                leader.create("/app/added", null, CreateMode.PERSISTENT);
                page.await("[...document.querySelectorAll('#children a')].map(a => a.dataset.name).join(',')",
                        "added,config"::equals, WAIT, "the new child to appear");
                assertThat((String) page.evaluate("document.querySelector('#events').textContent"))
                        .contains("NODE_DATA_CHANGED /app").contains("NODE_CREATED /app/added");

                page.evaluate("document.querySelector('#children a[data-name=\"config\"]').click()");
                page.await("document.querySelector('#data').textContent", "{\"a\": 1}"::equals, WAIT, "a click into a child");
            }
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("chromium killed").isFalse();
            assertThat(Files.exists(profile)).as("profile deleted").isFalse();
        }
    }
}
