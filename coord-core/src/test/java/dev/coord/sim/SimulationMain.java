package dev.coord.sim;

/**
 * SimulationMain runs one seed in a JVM of its own and prints the SHA-256 of its trace, so a test can
 * check that a replay in another JVM gives the same trace byte for byte. Arguments: config seed.
 */
public final class SimulationMain {
    private SimulationMain() {
    }

    public static void main(String[] args) {
        Simulation.Outcome o = new Simulation(Long.parseLong(args[1]), SimConfig.named(args[0]), false).run();
        System.out.println("trace-sha256=" + o.traceSha256());
    }
}
