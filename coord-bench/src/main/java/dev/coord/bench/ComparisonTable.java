package dev.coord.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ComparisonTable prints Coord's and ZooKeeper's figures side by side, one row per figure: each side's
 * median over rounds (or trials) with its range (min-max), the ratio Coord/ZooKeeper of the medians, and
 * the target for that ratio with whether it is met. It keeps every row for a TSV file.
 */
final class ComparisonTable {
    /** A target for the ratio Coord/ZooKeeper: at most or at least {@code ratio}; {@link #NONE} for none. */
    record Target(boolean atMost, double ratio) {
        static final Target NONE = new Target(false, Double.NaN);

        static Target atMost(double ratio) {
            return new Target(true, ratio);
        }

        static Target atLeast(double ratio) {
            return new Target(false, ratio);
        }

        boolean present() {
            return !Double.isNaN(ratio);
        }

        boolean metBy(double r) {
            return present() && !Double.isNaN(r) && (atMost ? r <= ratio : r >= ratio);
        }

        @Override
        public String toString() {
            return present() ? (atMost ? "<=" : ">=") + fmt(ratio) + "x" : "";
        }
    }

    private static final String ROW = "%-40s %26s %26s %9s %8s %s%n";
    private final PrintStream out;
    private final List<String> tsv = new ArrayList<>();

    ComparisonTable(PrintStream out) {
        this.out = out;
        tsv.add("figure\tunit\tcoord_n\tcoord_median\tcoord_min\tcoord_max\tzk_n\tzk_median\tzk_min\tzk_max"
                + "\tratio\ttarget\tmet\tcoord_values\tzk_values");
    }

    void header(String title) {
        out.printf("%n%s%n", title);
        out.printf(ROW, "figure", "Coord median [range]", "ZooKeeper median [range]", "Coord/ZK", "target", "");
    }

    /** Prints and keeps one row; NaN values (trials that did not run) are left out. */
    void row(String figure, String unit, double[] coord, double[] zk, Target target) {
        double[] c = clean(coord);
        double[] z = clean(zk);
        double ratio = c.length == 0 || z.length == 0 ? Double.NaN : median(c) / median(z);
        String met = !target.present() || Double.isNaN(ratio) ? "" : target.metBy(ratio) ? "met" : "MISSED";
        out.printf(ROW, figure + " (" + unit + ")", cell(c), cell(z), Double.isNaN(ratio) ? "-" : fmt(ratio) + "x",
                target, met);
        tsv.add(String.join("\t", figure, unit, Integer.toString(c.length), num(c, 0), num(c, 1), num(c, 2),
                Integer.toString(z.length), num(z, 0), num(z, 1), num(z, 2), Double.isNaN(ratio) ? "" : plain(ratio),
                target.toString(), met, values(coord), values(zk)));
    }

    void note(String format, Object... args) {
        out.printf(format + "%n", args);
    }

    void writeTsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, tsv);
    }

    private static double[] clean(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String cell(double[] sorted) {
        if (sorted.length == 0) {
            return "-";
        }
        return fmt(median(sorted)) + " [" + fmt(sorted[0]) + "-" + fmt(sorted[sorted.length - 1]) + "]";
    }

    /** 0: median, 1: min, 2: max. */
    private static String num(double[] sorted, int which) {
        if (sorted.length == 0) {
            return "";
        }
        return plain(which == 0 ? median(sorted) : which == 1 ? sorted[0] : sorted[sorted.length - 1]);
    }

    private static String values(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : ",").append(Double.isNaN(v) ? "NaN" : plain(v));
        }
        return b.toString();
    }

    /** Three significant digits, thousands grouped. */
    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        } else if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        } else if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        } else {
            return String.format(Locale.ROOT, "%.3g", v);
        }
    }

    private static String plain(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
