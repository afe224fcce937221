package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;
import java.util.List;
import java.util.SortedSet;

/**
 * Partition is an independent part of a history: its entries touch only its paths, and no entry
 * outside it can change what they observe.
 *
 * @param paths   the paths it models, sorted
 * @param entries its entries, in id order
 * @param domain  what its tree model tracks
 */
record Partition(SortedSet<String> paths, List<Entry> entries, Domain domain) {
    Partition {
        paths = java.util.Collections.unmodifiableSortedSet(paths);
        entries = List.copyOf(entries);
    }
}
