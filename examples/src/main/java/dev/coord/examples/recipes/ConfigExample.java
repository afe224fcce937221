package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.Stat;
import dev.coord.recipes.cache.CachedNode;
import dev.coord.recipes.cache.NodeCache;
import dev.coord.recipes.cache.TreeCache;
import dev.coord.recipes.cache.TreeCacheEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ConfigExample: the seeds' configuration centre. A publisher puts {@code common.yml} in a node;
 * three systems (A, B, C, each with a session of its own) follow it with a {@link NodeCache} and apply
 * every new version while they run, without a restart. An operations console follows the whole
 * configuration directory with a {@link TreeCache} and sees a new file appear.
 */
public final class ConfigExample {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> VERSIONS = List.of(
            "log-level: info\nmax-connections: 100",
            "log-level: debug\nmax-connections: 100",
            "log-level: debug\nmax-connections: 250");

    private ConfigExample() {
    }

    public static void main(String[] args) {
        ExampleRun.main("config", args, ConfigExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        String dir = base + "/config";
        String common = dir + "/common.yml";
        ExampleRun.createPersistent(coord, common, VERSIONS.get(0));
        out.say("published " + common + " version 0: " + oneLine(VERSIONS.get(0)));

        Map<String, String> applied = new ConcurrentHashMap<>();
        List<Session> sessions = new ArrayList<>();
        List<NodeCache> caches = new ArrayList<>();
        try (TreeCache console = new TreeCache(coord, dir)) {
            for (String system : List.of("system-A", "system-B", "system-C")) {
                Session session = coord.openSession(Duration.ofSeconds(10));
                sessions.add(session);
                NodeCache cache = new NodeCache(session, common);
                cache.addListener((Optional<CachedNode> node) -> node.ifPresent(n -> {
                    applied.put(system, ExampleRun.text(n.data()));
                    out.say(system + " applied common.yml version " + n.stat().version() + ": " + oneLine(ExampleRun.text(n.data())));
                }));
                cache.start();
                caches.add(cache);
                cache.current().ifPresent(n -> applied.putIfAbsent(system, ExampleRun.text(n.data())));
            }
            console.addListener(event -> {
                if (event.type() == TreeCacheEvent.Type.ADDED || event.type() == TreeCacheEvent.Type.REMOVED) {
                    out.say("console: " + event.type() + " " + event.node().path());
                }
            });
            console.start();
            out.say("3 systems run with common.yml version 0; the console sees files " + console.children(dir).keySet());

            for (int v = 1; v < VERSIONS.size(); v++) {
                String next = VERSIONS.get(v);
                out.say("publisher: common.yml version " + v + ": " + oneLine(next));
                Stat stat = coord.setData(common, ExampleRun.utf8(next), v - 1);
                ExampleRun.check(stat.version() == v, "published version " + stat.version() + ", expected " + v);
                ExampleRun.await("every system to apply version " + v, WAIT,
                        () -> applied.size() == 3 && applied.values().stream().allMatch(next::equals));
            }
            out.say("every system applied every version while running (no restart)");

            ExampleRun.createPersistent(coord, dir + "/db.yml", "url: jdbc:postgresql://db/orders");
            ExampleRun.await("the console to see db.yml", WAIT, () -> console.get(dir + "/db.yml").isPresent());
            out.say("console now sees files " + console.children(dir).keySet());
        } finally {
            caches.forEach(NodeCache::close);
            sessions.forEach(Session::close);
        }
    }

    private static String oneLine(String yaml) {
        return "{" + yaml.replace("\n", ", ") + "}";
    }
}
