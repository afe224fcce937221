package dev.coord.testkit.check;

import java.util.Optional;

/**
 * Report is what {@link LinearizabilityChecker} found: a verdict, how much of the history it decided,
 * and for a violation the smallest window it could find. {@link #toString()} is the readable report.
 */
public final class Report {
    private final Verdict verdict;
    private final int partitions;
    private final int entriesChecked;
    private final Window violation;
    private final String note;

    Report(Verdict verdict, int partitions, int entriesChecked, Window violation, String note) {
        this.verdict = verdict;
        this.partitions = partitions;
        this.entriesChecked = entriesChecked;
        this.violation = violation;
        this.note = note;
    }

    public Verdict verdict() {
        return verdict;
    }

    /** How many independent partitions the history split into. */
    public int partitions() {
        return partitions;
    }

    /** How many entries are in the partitions the checker decided (all of them if LINEARIZABLE). */
    public int entriesChecked() {
        return entriesChecked;
    }

    /** For NOT_LINEARIZABLE, the window that shows it. */
    public Optional<Window> violation() {
        return Optional.ofNullable(violation);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(verdict).append(": ").append(partitions).append(partitions == 1 ? " partition, " : " partitions, ")
                .append(entriesChecked).append(" entries checked");
        if (note != null) {
            s.append("; ").append(note);
        }
        s.append('\n');
        if (violation != null) {
            s.append(violation);
        }
        return s.toString();
    }
}
