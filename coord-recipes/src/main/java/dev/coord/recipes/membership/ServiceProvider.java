package dev.coord.recipes.membership;

import java.util.List;
import java.util.Optional;

/**
 * ServiceProvider picks a live instance of one service per request with a {@link PickStrategy}, from
 * {@link ServiceDiscovery}'s local list (no round trip per pick).
 *
 * <p>Thread-safe.
 */
public final class ServiceProvider {
    private final ServiceDiscovery discovery;
    private final String name;
    private final PickStrategy strategy;

    ServiceProvider(ServiceDiscovery discovery, String name, PickStrategy strategy) {
        this.discovery = discovery;
        this.name = name;
        this.strategy = strategy;
    }

    /** An instance for the next request, or empty if none is live. */
    public Optional<ServiceInstance> pick() {
        return discovery.pick(name, strategy);
    }

    /** Every live instance, sorted by id. */
    public List<ServiceInstance> all() {
        return discovery.instances(name);
    }
}
