package dev.coord.sim;

/**
 * SimConfig is the shape of one simulation run; with a seed it fixes the run completely.
 *
 * @param name       the name the replay command uses
 * @param voters     voting peers (3, 5 or 7)
 * @param observers  observers besides them
 * @param clients    client sessions
 * @param faultMs    how long (virtual ms) the nemesis injects faults; the run then heals and settles
 * @param network    message-level network faults
 * @param nemesis    whether crashes, pauses, partitions and slow peers are injected
 */
record SimConfig(String name, int voters, int observers, int clients, long faultMs, NetworkFaults network, boolean nemesis) {

    /** The configurations the suites use, by name. */
    static SimConfig named(String name) {
        return switch (name) {
            case "calm3" -> new SimConfig(name, 3, 0, 6, 10_000, NetworkFaults.calm(), false);
            case "faults3" -> new SimConfig(name, 3, 0, 6, 20_000, NetworkFaults.rough(), true);
            case "faults5" -> new SimConfig(name, 5, 1, 8, 20_000, NetworkFaults.rough(), true);
            case "faults7" -> new SimConfig(name, 7, 1, 10, 20_000, NetworkFaults.rough(), true);
            case "duplicates3" -> new SimConfig(name, 3, 0, 6, 20_000,
                    new NetworkFaults(50, 2_000, 0.01, 300, 0.002, 0.01), true);
            default -> throw new IllegalArgumentException("no simulation configuration named " + name);
        };
    }
}
