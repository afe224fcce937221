package dev.coord.testkit.check;

import static dev.coord.testkit.check.Histories.create;
import static dev.coord.testkit.check.Histories.delete;
import static dev.coord.testkit.check.Histories.exists;
import static dev.coord.testkit.check.Histories.getChildren;
import static dev.coord.testkit.check.Histories.getData;
import static dev.coord.testkit.check.Histories.setData;

import dev.coord.testkit.history.Command;
import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;

/**
 * LaggingReadHistories generates histories of plain reads served by lagging servers, correct per
 * session by construction: writes run on a {@link ReferenceTree} in order; a session's plain read sees
 * the tree as it was at some state between the newest one the session already saw (by a read or by a
 * successful write of its own) and the current one. Entries follow one another in time.
 */
final class LaggingReadHistories {
    static final long SESSIONS = 5;
    private static final String[] PATHS = {"/a", "/b", "/p/c1", "/p/c2"};

    /**
     * Generated is a history and, per entry, the index of the state a read saw (-1 for a write).
     *
     * @param snapshots the tree after each successful write (index 0: the initial tree)
     */
    record Generated(List<Entry> entries, int[] stateSeen, List<SortedMap<String, ReferenceTree.RefNode>> snapshots) {
    }

    private LaggingReadHistories() {
    }

    static Generated generate(long seed, int commands) {
        Random random = new Random(seed);
        ReferenceTree tree = new ReferenceTree(RandomHistories.INITIAL, 100);
        List<SortedMap<String, ReferenceTree.RefNode>> snapshots = new ArrayList<>(List.of(tree.snapshot()));
        int[] seen = new int[(int) SESSIONS];
        int[] stateSeen = new int[commands];
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < commands; k++) {
            int s = random.nextInt((int) SESSIONS);
            String path = PATHS[random.nextInt(PATHS.length)];
            Command command;
            Result result;
            if (random.nextInt(100) < 60) {
                int kind = random.nextInt(10);
                command = kind < 6 ? getData(path) : kind < 9 ? exists(path) : getChildren("/p");
                int state = seen[s] + random.nextInt(snapshots.size() - seen[s]);
                result = ReferenceTree.read(command, snapshots.get(state));
                seen[s] = state;
                stateSeen[k] = state;
            } else {
                int kind = random.nextInt(10);
                command = kind < 5 ? setData(path, "d" + k) : kind < 8 ? create(path, "d" + k) : delete(path);
                result = tree.execute(command, s + 1, random.nextInt(3));
                if (result instanceof Result.Ok) {
                    snapshots.add(tree.snapshot());
                    seen[s] = snapshots.size() - 1;
                }
                stateSeen[k] = -1;
            }
            entries.add(new Entry(k + 1, s + 1, 100L * k, 100L * k + 50, command, result, false));
        }
        return new Generated(entries, stateSeen, snapshots);
    }
}
