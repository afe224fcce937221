package dev.coord.log;

import dev.coord.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * InMemorySnapshotStore keeps snapshots as references to immutable trees: for in-memory peers and the
 * simulator. Safe for one saving thread beside the agent thread.
 */
public final class InMemorySnapshotStore implements SnapshotStore {
    private final Map<Long, DataTree> snapshots = new ConcurrentSkipListMap<>();

    @Override
    public void save(DataTree tree) {
        snapshots.put(tree.lastZxid(), tree);
    }

    @Override
    public List<Long> zxids() {
        List<Long> out = new ArrayList<>(snapshots.keySet());
        out.sort((a, b) -> Long.compare(b, a));
        return out;
    }

    @Override
    public DataTree load(long zxid) {
        DataTree tree = snapshots.get(zxid);
        if (tree == null) {
            throw new LogCorruptedException("no in-memory snapshot at zxid 0x" + Long.toHexString(zxid));
        }
        return tree;
    }

    @Override
    public void delete(long zxid) {
        snapshots.remove(zxid);
    }
}
