package dev.coord.examples;

import dev.coord.testkit.history.Entry;
import dev.coord.testkit.history.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * RunReport is the summary of one nemesis run, as lines of text: the seed, the faults injected by kind,
 * the operations recorded by command and outcome, the durations and the verdicts of the checks.
 * Not thread-safe: the test thread builds it once the run is over.
 */
final class RunReport {
    private final List<String> lines = new ArrayList<>();

    /** Adds one line. */
    RunReport line(String text) {
        lines.add(text);
        return this;
    }

    /** Adds the faults by kind and their total. */
    RunReport faults(FaultLog log) {
        StringBuilder byKind = new StringBuilder();
        log.counts().forEach((kind, count) -> byKind.append(byKind.length() == 0 ? "" : ", ").append(kind).append('=').append(count));
        return line("faults injected: " + log.total() + " (" + byKind + ")");
    }

    /** Adds the operations of {@code history} by command, with their ok, failed and unknown counts. */
    RunReport operations(List<Entry> history) {
        Map<String, int[]> byCommand = new TreeMap<>();
        int[] total = new int[3];
        for (Entry e : history) {
            String name = e.command().getClass().getSimpleName() + (e.synced() ? " (synced)" : "");
            int outcome = e.result() instanceof Result.Ok ? 0 : e.result() instanceof Result.Failed ? 1 : 2;
            byCommand.computeIfAbsent(name, n -> new int[3])[outcome]++;
            total[outcome]++;
        }
        line(String.format("operations recorded: %d (ok %d, failed %d, unknown %d)", history.size(), total[0], total[1], total[2]));
        byCommand.forEach((name, counts) -> line(String.format("  %-18s ok %6d  failed %6d  unknown %5d", name, counts[0], counts[1], counts[2])));
        return this;
    }

    /** The report as one string, a line each. */
    String text() {
        return String.join("\n", lines) + "\n";
    }
}
