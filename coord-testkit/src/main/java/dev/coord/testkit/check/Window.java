package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;

/**
 * Window is the smallest non-linearizable part of a history the checker found, for a human to read:
 * the results that cannot be explained, and the entries given which they cannot.
 *
 * <p>The window is a prefix of its partition cut at {@code cutNs} (the completion of the unexplained
 * entries), shrunk: entries still in flight at {@code cutNs} appear with an unknown result. Without the
 * unexplained results the given entries are linearizable; with them they are not.
 *
 * @param paths            the paths of the partition it comes from
 * @param unexplained      the entries completing at {@code cutNs} whose results cannot be placed
 * @param given            the other entries of the window, in id order
 * @param cutNs            the time the window ends
 * @param partitionEntries how many entries the partition had
 * @param minimal          false if the budget ran out before shrinking was done
 */
public record Window(SortedSet<String> paths, List<Entry> unexplained, List<Entry> given, long cutNs, int partitionEntries, boolean minimal) {
    public Window {
        paths = Collections.unmodifiableSortedSet(paths);
        unexplained = List.copyOf(unexplained);
        given = List.copyOf(given);
    }

    /** Every entry of the window, in id order. */
    public List<Entry> entries() {
        List<Entry> all = new ArrayList<>(given);
        all.addAll(unexplained);
        all.sort(Comparator.comparingLong(Entry::id));
        return all;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append("partition ").append(paths).append(" (").append(partitionEntries).append(" entries) has no linearization; ")
                .append(minimal ? "smallest window found" : "window found before the budget ran out (not minimal)")
                .append(", ").append(unexplained.size() + given.size()).append(" entries up to ").append(cutNs).append(":\n");
        s.append("  given:\n");
        given.forEach(e -> s.append("    ").append(EntryFormat.line(e)).append('\n'));
        s.append("  these results cannot be explained:\n");
        unexplained.forEach(e -> s.append("    ").append(EntryFormat.line(e)).append('\n'));
        return s.toString();
    }
}
