package dev.coord.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coord.CoordClient;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.recipes.cache.NodeCache;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seeds' configuration center, end to end: systems A, B and C share the settings of
 * {@code common.yml}, kept in one znode; each follows it with a {@link NodeCache} and applies a new
 * version without restarting ("push, then pull": the watch says it changed, the cache reads it).
 */
class ConfigCenterExampleTest {
    private static final String COMMON_V1 = """
            mysql.driverClassName: com.mysql.jdbc.Driver
            dbJDBCUrl: jdbc:mysql://127.0.0.1/runzhlliu
            username: runzhliu
            password: runzhliu
            """;
    private static final String COMMON_V2 = COMMON_V1.replace("password: runzhliu", "password: rotated-2025");

    /** A system (A, B or C) that keeps its live configuration from common.yml and counts its reloads. */
    static final class ConfiguredSystem implements AutoCloseable {
        final String name;
        final NodeCache common;
        volatile Map<String, String> settings = Map.of();
        final AtomicInteger reloads = new AtomicInteger();

        ConfiguredSystem(String name, CoordClient client, String path) {
            this.name = name;
            this.common = new NodeCache(client, path);
            common.addListener((NodeCache.Listener) node -> {
                settings = node.map(n -> parse(new String(n.data(), StandardCharsets.UTF_8))).orElse(Map.of());
                reloads.incrementAndGet();
            });
            common.start();
            common.current().ifPresent(n -> settings = parse(new String(n.data(), StandardCharsets.UTF_8)));
        }

        /** The subset of YAML common.yml uses: one "key: value" per line. */
        static Map<String, String> parse(String yaml) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : yaml.split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
            return out;
        }

        @Override
        public void close() {
            common.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldApplyANewCommonYmlInEverySystemWithoutARestart(Topology topology) {
        try (Fixture f = Fixture.of(topology, "config-center")) {
            String path = f.path("config/common.yml");
            CoordClient publisher = f.session();
            publisher.create(path, COMMON_V1.getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT, CreateParents.PERSISTENT);

            try (ConfiguredSystem a = new ConfiguredSystem("A", f.session(), path);
                 ConfiguredSystem b = new ConfiguredSystem("B", f.session(), path);
                 ConfiguredSystem c = new ConfiguredSystem("C", f.session(), path)) {
                List<ConfiguredSystem> systems = List.of(a, b, c);
                for (ConfiguredSystem s : systems) {
                    assertThat(s.settings).containsEntry("dbJDBCUrl", "jdbc:mysql://127.0.0.1/runzhlliu")
                            .containsEntry("password", "runzhliu");
                }

                publisher.setData(path, COMMON_V2.getBytes(StandardCharsets.UTF_8), -1);
                Await.until(() -> systems.stream().allMatch(s -> "rotated-2025".equals(s.settings.get("password"))),
                        "A, B and C to apply the new password");
                for (ConfiguredSystem s : systems) {
                    assertThat(s.settings).as(s.name).containsEntry("username", "runzhliu").hasSize(4);
                }

                // A system started later gets the current version at once.
                try (ConfiguredSystem late = new ConfiguredSystem("D", f.session(), path)) {
                    assertThat(late.settings).containsEntry("password", "rotated-2025");
                }

                publisher.delete(path, -1);
                Await.until(() -> systems.stream().allMatch(s -> s.settings.isEmpty()), "the configuration withdrawn");
                publisher.create(path, COMMON_V1.getBytes(StandardCharsets.UTF_8), CreateMode.PERSISTENT);
                Await.until(() -> systems.stream().allMatch(s -> "runzhliu".equals(s.settings.get("password"))),
                        "the configuration published again");
            }
        }
    }
}
