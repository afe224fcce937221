package dev.coord.testkit.check;

import static dev.coord.testkit.check.Histories.closeSession;
import static dev.coord.testkit.check.Histories.createEphemeral;
import static dev.coord.testkit.check.Histories.createEphemeralSequential;
import static dev.coord.testkit.check.Histories.createSequential;
import static dev.coord.testkit.check.Histories.delete;
import static dev.coord.testkit.check.Histories.exists;
import static dev.coord.testkit.check.Histories.getChildren;
import static dev.coord.testkit.check.Histories.getData;
import static dev.coord.testkit.check.Histories.setData;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * LockQueueHistories generates histories shaped like the simulator's hardest partition, linearizable
 * by construction: sessions take tickets in a lock queue {@code /q} (ephemeral sequential creates),
 * give back their own, create, write and delete ephemeral keys {@code /e/0} and {@code /e/1}, and
 * end; a session's end often has a long interval (its client lost track of it), and some writes have
 * an unknown outcome, of which some never took effect. Commands run on a {@link ReferenceTree}, command
 * {@code k} taking effect at time {@code 100 k}. With {@code listed}, some reads list {@code /q}'s
 * children (so the model may keep none of them anonymous).
 */
final class LockQueueHistories {
    static final InitialTree INITIAL = InitialTree.empty().with("/q", "", 0, 0).with("/e", "", 0, 0).with("/s", "", 0, 0);
    private static final long STEP_NS = 100;

    private final Random random;
    private final boolean listed;
    private final ReferenceTree tree = new ReferenceTree(INITIAL, 100);
    private final List<Long> live = new ArrayList<>(List.of(1L, 2L, 3L, 4L));
    private final Map<Long, List<String>> tickets = new HashMap<>();
    private long nextSession = 5;
    private int token;

    private LockQueueHistories(long seed, boolean listed) {
        this.random = new Random(seed);
        this.listed = listed;
    }

    static List<Entry> generate(long seed, int commands, boolean listed) {
        return new LockQueueHistories(seed, listed).run(commands);
    }

    private List<Entry> run(int commands) {
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < commands; k++) {
            long session = live.get(random.nextInt(live.size()));
            Command command = command(session);
            long effectNs = STEP_NS * (k + 1);
            boolean close = command instanceof Command.CloseSession;
            long invokeNs = effectNs - random.nextInt(close && random.nextBoolean() ? 3_000 : 250);
            boolean unknown = command.isWrite() && !close && random.nextInt(100) < 12;
            if (unknown && random.nextInt(3) == 0) {
                entries.add(new Entry(k + 1, session, invokeNs, Entry.NEVER, command, new Result.Unknown(), false));
                continue;
            }
            Result result = tree.execute(command, session, random.nextInt(2));
            if (command instanceof Command.Create c && c.sequential() && c.ephemeral() && result instanceof Result.Ok ok && !unknown) {
                tickets.computeIfAbsent(session, s -> new ArrayList<>()).add((String) ok.value());
            }
            if (close) {
                live.remove(session);
                live.add(nextSession++);
            }
            long completeNs = unknown ? Entry.NEVER : effectNs + random.nextInt(close && random.nextBoolean() ? 3_000 : 250);
            entries.add(new Entry(k + 1, session, invokeNs, completeNs, command, unknown ? new Result.Unknown() : result, !command.isWrite()));
        }
        return entries;
    }

    private Command command(long session) {
        int kind = random.nextInt(100);
        String key = "/e/" + random.nextInt(2);
        List<String> mine = tickets.getOrDefault(session, List.of());
        if (kind < 22) {
            return createEphemeralSequential("/q/t-", "");
        }
        if (kind < 34 && !mine.isEmpty()) {
            return delete(mine.remove(random.nextInt(mine.size())));
        }
        if (kind < 40) {
            return createSequential("/s/n-", data());
        }
        if (kind < 50) {
            return createEphemeral(key, data());
        }
        if (kind < 60) {
            return setData(key, data(), random.nextInt(3) == 0 ? random.nextInt(3) : -1);
        }
        if (kind < 66) {
            return delete(key);
        }
        if (kind < 72) {
            return closeSession();
        }
        if (kind < 78 && listed) {
            return getChildren("/q");
        }
        if (kind < 86) {
            return exists(key);
        }
        return getData(key);
    }

    private String data() {
        return "d" + token++;
    }
}
