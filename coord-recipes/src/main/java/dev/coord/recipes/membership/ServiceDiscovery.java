package dev.coord.recipes.membership;

import dev.coord.Acl;
import dev.coord.CoordClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ServiceDiscovery registers service instances and finds the live ones (the seeds' naming service and
 * load balancing: "each server creates an ephemeral node with its address under /Servers; clients
 * watch the list and pick one per request").
 *
 * <p><b>How.</b> Each service name is a {@link GroupMembership} at {@code base/<name>}; an instance is
 * a member whose id is the instance id and whose payload is the encoded {@link ServiceInstance}. The
 * list of a service is followed once it is first asked for, with one persistent watch and local reads.
 *
 * <p><b>Guarantees and session trouble</b> are those of {@link GroupMembership}: the list converges to
 * the live instances; a crashed instance leaves within its session timeout; after a reconnection the
 * lists are re-read.
 *
 * <pre>{@code
 * ServiceDiscovery discovery = new ServiceDiscovery(coord, "/services");
 * discovery.register(ServiceInstance.of("orders", "orders-1", "10.0.0.5", 8080));
 * ServiceProvider orders = discovery.provider("orders", PickStrategy.roundRobin());
 * orders.pick().ifPresent(i -> call(i.address(), i.port()));
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class ServiceDiscovery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceDiscovery.class);

    private final CoordClient client;
    private final String base;
    private final Map<String, GroupMembership> services = new ConcurrentHashMap<>();

    public ServiceDiscovery(CoordClient client, String base) {
        this.client = client;
        this.base = base;
    }

    /** As above, with {@code acl} on every node it creates (see {@link CoordClient#withAcl}). */
    public ServiceDiscovery(CoordClient client, String base, List<Acl> acl) {
        this(client.withAcl(acl), base);
    }

    /** Registers {@code instance} (as long as this session lives, or until the returned member is closed). */
    public GroupMembership.Member register(ServiceInstance instance) {
        return service(instance.name()).join(instance.id(), instance.encode());
    }

    /** The live instances of {@code name}, sorted by id. */
    public List<ServiceInstance> instances(String name) {
        return decode(service(name).members());
    }

    /** Calls {@code listener} with the live instances of {@code name} after each change. */
    public void addListener(String name, Consumer<List<ServiceInstance>> listener) {
        service(name).addListener(members -> listener.accept(decode(members)));
    }

    /** A provider that picks instances of {@code name} with {@code strategy}. */
    public ServiceProvider provider(String name, PickStrategy strategy) {
        service(name);
        return new ServiceProvider(this, name, strategy);
    }

    private GroupMembership service(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a service name must be non-empty and contain no '/', was \"" + name + "\"");
        }
        GroupMembership existing = services.get(name);
        if (existing != null) {
            return existing;
        }
        synchronized (services) {
            GroupMembership g = services.get(name);
            if (g == null) {
                g = new GroupMembership(client, base + "/" + name);
                g.start();
                services.put(name, g);
            }
            return g;
        }
    }

    private static List<ServiceInstance> decode(Map<String, byte[]> members) {
        List<ServiceInstance> out = new ArrayList<>(members.size());
        for (Map.Entry<String, byte[]> m : members.entrySet()) {
            try {
                out.add(ServiceInstance.decode(m.getValue()));
            } catch (IllegalArgumentException e) {
                LOG.warn("Ignoring member {} whose data is not a service instance: {}", m.getKey(), e.getMessage());
            }
        }
        return out;
    }

    /** One instance of {@code name} picked by {@code strategy}, if any is live. */
    Optional<ServiceInstance> pick(String name, PickStrategy strategy) {
        List<ServiceInstance> live = instances(name);
        return live.isEmpty() ? Optional.empty() : Optional.of(strategy.pick(live));
    }

    /** Unregisters what this object registered and stops following the services. */
    @Override
    public void close() {
        for (GroupMembership g : services.values()) {
            g.close();
        }
        services.clear();
    }
}
