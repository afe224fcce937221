package dev.coord.recipes.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.CoordException;
import dev.coord.Session;
import dev.coord.recipes.testing.Await;
import dev.coord.recipes.testing.Fixture;
import dev.coord.recipes.testing.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests of {@link GroupMembership} and {@link ServiceDiscovery} with members on every peer. */
class GroupMembershipTest {
    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldConvergeEveryViewOnJoinsPayloadChangesAndDepartures(Topology topology) throws Exception {
        int members = 5;
        try (Fixture f = Fixture.of(topology, "group")) {
            String group = f.path("workers");
            List<Session> sessions = new ArrayList<>();
            List<GroupMembership> views = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                Session s = f.session();
                sessions.add(s);
                GroupMembership g = new GroupMembership(s, group);
                g.start();
                views.add(g);
            }
            BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
            views.get(0).addListener(m -> changes.add(m.keySet()));
            List<GroupMembership.Member> joined = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                joined.add(views.get(i).join("w" + i, bytes("host-" + i + ":80")));
            }
            awaitAll(views, Set.of("w0", "w1", "w2", "w3", "w4"));
            assertThat(new String(views.get(3).members().get("w1"), StandardCharsets.UTF_8)).isEqualTo("host-1:80");
            assertThat(changes.poll(30, TimeUnit.SECONDS)).isNotNull();

            joined.get(1).setPayload(bytes("host-1:81"));
            Await.until(() -> views.stream().allMatch(v -> "host-1:81".equals(string(v.members().get("w1")))),
                    "every view sees w1's new payload");

            joined.get(2).close();                              // leaves
            sessions.get(3).close();                            // dies: its ephemeral goes with the session
            awaitAll(List.of(views.get(0), views.get(1), views.get(4)), Set.of("w0", "w1", "w4"));
            assertThatThrownBy(() -> views.get(0).join("w1", null))
                    .as("another session is w1").isInstanceOf(CoordException.NodeExistsException.class);
            for (GroupMembership v : views) {
                v.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldJoinAgainWhenSomeoneDeletesALiveMembersNode(Topology topology) {
        try (Fixture f = Fixture.of(topology, "group-rejoin")) {
            String group = f.path("g");
            try (GroupMembership member = new GroupMembership(f.session(), group);
                 GroupMembership observer = new GroupMembership(f.session(), group)) {
                member.start();
                observer.start();
                member.join("me", bytes("payload"));
                awaitAll(List.of(observer), Set.of("me"));
                f.syncAll();
                long firstCzxid = f.peer(0).exists(group + "/me").czxid();
                f.session().delete(group + "/me", -1);
                Await.until(() -> {
                    f.peer(0).sync(group);
                    var stat = f.peer(0).exists(group + "/me");
                    return stat != null && stat.czxid() != firstCzxid;
                }, "the member joined again");
                awaitAll(List.of(observer), Set.of("me"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void shouldDiscoverLiveInstancesAndPickThemRoundRobinOrAtRandom(Topology topology) throws Exception {
        try (Fixture f = Fixture.of(topology, "discovery")) {
            String base = f.path("services");
            List<ServiceDiscovery> servers = new ArrayList<>();
            List<GroupMembership.Member> registrations = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ServiceDiscovery d = new ServiceDiscovery(f.session(), base);
                servers.add(d);
                registrations.add(d.register(new ServiceInstance("orders", "orders-" + i, "10.0.0." + i, 8080 + i,
                        Map.of("zone", i % 2 == 0 ? "a" : "b"))));
            }
            try (ServiceDiscovery client = new ServiceDiscovery(f.session(), base)) {
                BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
                client.addListener("orders", list -> sizes.add(list.size()));
                Await.until(() -> client.instances("orders").size() == 3, "three instances");
                ServiceInstance first = client.instances("orders").get(0);
                assertThat(first).isEqualTo(new ServiceInstance("orders", "orders-0", "10.0.0.0", 8080, Map.of("zone", "a")));

                ServiceProvider roundRobin = client.provider("orders", PickStrategy.roundRobin());
                List<String> picked = new ArrayList<>();
                for (int n = 0; n < 6; n++) {
                    picked.add(roundRobin.pick().orElseThrow().id());
                }
                assertThat(picked).containsExactly("orders-0", "orders-1", "orders-2", "orders-0", "orders-1", "orders-2");
                ServiceProvider random = client.provider("orders", PickStrategy.random(new Random(7)));
                for (int n = 0; n < 20; n++) {
                    assertThat(random.pick().orElseThrow().id()).startsWith("orders-");
                }

                registrations.get(1).close();
                Await.until(() -> client.instances("orders").size() == 2, "orders-1 gone");
                for (int n = 0; n < 6; n++) {
                    assertThat(roundRobin.pick().orElseThrow().id()).isNotEqualTo("orders-1");
                }
                assertThat(sizes.poll(30, TimeUnit.SECONDS)).isNotNull();
                assertThat(client.provider("payments", PickStrategy.roundRobin()).pick()).isEmpty();
            }
            servers.forEach(ServiceDiscovery::close);
        }
    }

    private static void awaitAll(List<GroupMembership> views, Set<String> ids) {
        Await.until(() -> views.stream().allMatch(v -> v.memberIds().equals(ids)), "every view to list " + ids);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
