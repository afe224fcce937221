package dev.coord.recipes.membership;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * PickStrategy chooses one instance of a service for a request (the seeds' load balancing: "a custom
 * balancing algorithm picks one of the live servers").
 */
@FunctionalInterface
public interface PickStrategy {
    /** One of {@code instances} (never empty, sorted by id). */
    ServiceInstance pick(List<ServiceInstance> instances);

    /** Uniformly at random, from {@code random} (pass a seeded one for reproducible tests). */
    static PickStrategy random(Random random) {
        return instances -> {
            synchronized (random) {
                return instances.get(random.nextInt(instances.size()));
            }
        };
    }

    /** Each instance in turn, by id order; when instances come and go the turn continues from its count. */
    static PickStrategy roundRobin() {
        AtomicLong turn = new AtomicLong();
        return instances -> instances.get((int) Math.floorMod(turn.getAndIncrement(), (long) instances.size()));
    }
}
