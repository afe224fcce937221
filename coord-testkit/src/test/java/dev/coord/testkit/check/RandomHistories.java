package dev.coord.testkit.check;

import static dev.coord.testkit.check.Histories.checkVersion;
import static dev.coord.testkit.check.Histories.closeSession;
import static dev.coord.testkit.check.Histories.create;
import static dev.coord.testkit.check.Histories.createEphemeral;
import static dev.coord.testkit.check.Histories.createEphemeralSequential;
import static dev.coord.testkit.check.Histories.createSequential;
import static dev.coord.testkit.check.Histories.delete;
import static dev.coord.testkit.check.Histories.exists;
import static dev.coord.testkit.check.Histories.getChildren;
import static dev.coord.testkit.check.Histories.getData;
import static dev.coord.testkit.check.Histories.multi;
import static dev.coord.testkit.check.Histories.setData;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;

/**
 * RandomHistories generates histories that are linearizable by construction: a random sequence of
 * commands runs on a {@link ReferenceTree}, command {@code k} taking effect at time {@code 100 k}, and
 * each entry gets an interval around its effect time (so that about five overlap). Some writes get an
 * unknown result (they took effect), and some unknown writes never took effect at all. Reads are
 * synced. Every write carries a fresh data token, so a data value names the write that stored it.
 */
final class RandomHistories {
    static final long STEP_NS = 100;
    static final InitialTree INITIAL = InitialTree.empty().with("/p", "p0", 2, 0).with("/q", "q0", 0, 3).with("/p/c1", "c0", 1, 0);
    private static final String[] PLAIN = {"/a", "/b", "/p/c1", "/p/c2", "/p"};

    /**
     * Generated is a history and what a test needs to corrupt it observably.
     *
     * @param entries     the history, in id order
     * @param effectIndex per entry, how many commands took effect before it (-1 if it never took effect)
     * @param snapshots   the tree after each number of commands taken effect (index 0: the initial tree)
     */
    record Generated(List<Entry> entries, int[] effectIndex, List<SortedMap<String, ReferenceTree.RefNode>> snapshots) {
    }

    private final Random random;
    private final ReferenceTree tree = new ReferenceTree(INITIAL, 100);
    private final List<Long> liveSessions = new ArrayList<>(List.of(11L, 12L, 13L, 14L, 15L));
    private long nextSession = 16;
    private int token;

    private RandomHistories(long seed) {
        this.random = new Random(seed);
    }

    static Generated generate(long seed, int commands) {
        return new RandomHistories(seed).run(commands);
    }

    private Generated run(int commands) {
        List<Entry> entries = new ArrayList<>();
        List<SortedMap<String, ReferenceTree.RefNode>> snapshots = new ArrayList<>();
        snapshots.add(tree.snapshot());
        int[] effect = new int[commands];
        int applied = 0;
        for (int k = 0; k < commands; k++) {
            long session = liveSessions.get(random.nextInt(liveSessions.size()));
            Command command = command();
            long effectNs = STEP_NS * (k + 1);
            long invokeNs = effectNs - random.nextInt(250);
            boolean unknown = command.isWrite() && random.nextInt(100) < 8;
            if (unknown && random.nextInt(3) == 0) {
                effect[k] = -1;
                entries.add(new Entry(k + 1, session, invokeNs, Entry.NEVER, command, new Result.Unknown(), false));
                continue;
            }
            Result result = tree.execute(command, session, random.nextInt(3));
            effect[k] = applied++;
            snapshots.add(tree.snapshot());
            if (command instanceof Command.CloseSession) {
                liveSessions.remove(session);
                liveSessions.add(nextSession++);
            }
            long completeNs = unknown ? Entry.NEVER : effectNs + random.nextInt(250);
            entries.add(new Entry(k + 1, session, invokeNs, completeNs, command, unknown ? new Result.Unknown() : result, !command.isWrite()));
        }
        return new Generated(entries, effect, snapshots);
    }

    private Command command() {
        int kind = random.nextInt(100);
        String path = PLAIN[random.nextInt(PLAIN.length)];
        if (kind < 12) {
            return random.nextBoolean() ? create(path, data()) : createEphemeral(path, data());
        }
        if (kind < 20) {
            return random.nextInt(4) == 0 ? createEphemeralSequential("/q/n-", data()) : createSequential("/q/n-", data());
        }
        if (kind < 28) {
            return delete(random.nextInt(3) == 0 ? "/q/n-" + String.format("%010d", 3 + random.nextInt(8)) : path, version());
        }
        if (kind < 42) {
            return setData(path, data(), version());
        }
        if (kind < 48) {
            return multi(setData(path, data(), version()), random.nextBoolean() ? create(PLAIN[random.nextInt(PLAIN.length)], data()) : checkVersion(path, version()));
        }
        if (kind < 50) {
            return closeSession();
        }
        if (kind < 78) {
            return getData(random.nextInt(4) == 0 ? "/q/n-" + String.format("%010d", 3 + random.nextInt(8)) : path);
        }
        if (kind < 88) {
            return exists(path);
        }
        return getChildren(random.nextBoolean() ? "/q" : random.nextBoolean() ? "/p" : "/");
    }

    private String data() {
        return "d" + token++;
    }

    private int version() {
        return random.nextInt(3) == 0 ? -1 : random.nextInt(3);
    }
}
