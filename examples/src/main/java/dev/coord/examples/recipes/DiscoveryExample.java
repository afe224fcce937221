package dev.coord.examples.recipes;

import dev.coord.Coordinator;
import dev.coord.Session;
import dev.coord.recipes.membership.PickStrategy;
import dev.coord.recipes.membership.ServiceDiscovery;
import dev.coord.recipes.membership.ServiceInstance;
import dev.coord.recipes.membership.ServiceProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * DiscoveryExample: service discovery with load balancing. Three instances of the {@code orders}
 * service register their address and port (each with a session of its own, as three servers would);
 * a client picks one per request, round-robin and then at random. Then orders-2 shuts down: its
 * registration goes with its session, and the client stops picking it.
 */
public final class DiscoveryExample {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PICKS = 6;

    private DiscoveryExample() {
    }

    public static void main(String[] args) {
        ExampleRun.main("discovery", args, DiscoveryExample::run);
    }

    private static void run(Coordinator coord, String base, ExampleRun out) throws Exception {
        String services = base + "/services";
        List<Session> servers = new ArrayList<>();
        try (ServiceDiscovery client = new ServiceDiscovery(coord, services)) {
            for (int i = 1; i <= 3; i++) {
                Session server = coord.openSession(Duration.ofSeconds(10));
                servers.add(server);
                ServiceInstance instance = ServiceInstance.of("orders", "orders-" + i, "127.0.0.1", 9000 + i);
                new ServiceDiscovery(server, services).register(instance);
                out.say("registered " + describe(instance));
            }
            ServiceProvider roundRobin = client.provider("orders", PickStrategy.roundRobin());
            ServiceProvider random = client.provider("orders", PickStrategy.random(new Random(7)));
            ExampleRun.await("the client to see 3 instances", WAIT, () -> roundRobin.all().size() == 3);
            out.say("client sees " + ids(roundRobin.all()));
            List<String> picked = picks(roundRobin);
            out.say("round-robin picks: " + picked);
            ExampleRun.check(picked.containsAll(List.of("orders-1", "orders-2", "orders-3")), "round-robin missed an instance");
            out.say("random picks:      " + picks(random));

            out.say("orders-2 shuts down (its session closes)");
            servers.get(1).close();
            ExampleRun.await("the client to drop orders-2", WAIT, () -> roundRobin.all().size() == 2);
            out.say("client sees " + ids(roundRobin.all()));
            List<String> after = new ArrayList<>(picks(roundRobin));
            after.addAll(picks(random));
            out.say("picks after orders-2 left: " + after);
            ExampleRun.check(!after.contains("orders-2"), "orders-2 was picked after it left");
            out.say("orders-2 was not picked again");
        } finally {
            servers.forEach(Session::close);
        }
    }

    private static List<String> picks(ServiceProvider provider) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < PICKS; i++) {
            picked.add(provider.pick().map(ServiceInstance::id).orElse("(none)"));
        }
        return picked;
    }

    private static List<String> ids(List<ServiceInstance> instances) {
        return instances.stream().map(DiscoveryExample::describe).toList();
    }

    private static String describe(ServiceInstance instance) {
        return instance.id() + "@" + instance.address() + ":" + instance.port();
    }
}
