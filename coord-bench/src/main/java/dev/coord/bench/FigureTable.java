package dev.coord.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * FigureTable prints benchmark figures as a human table, one row per figure: the median over rounds
 * (or trials), the range, and optionally a reference figure to compare with. It also keeps every row
 * so they can be written as TSV afterwards.
 */
final class FigureTable {
    private final PrintStream out;
    private final boolean withReference;
    private final List<String> tsvRows = new ArrayList<>();

    FigureTable(PrintStream out, boolean withReference) {
        this.out = out;
        this.withReference = withReference;
    }

    /** Prints the column headings. */
    void header() {
        if (withReference) {
            out.printf("%-34s %14s %30s   %s%n", "figure", "median", "range over rounds", "reference");
        } else {
            out.printf("%-34s %14s %30s%n", "figure", "median", "range over rounds");
        }
    }

    /** Prints a row of one value per result, without a reference. */
    <R> void row(String name, List<R> results, ToDoubleFunction<R> f, String format) {
        row(name, results.stream().mapToDouble(f).toArray(), format, "");
    }

    /** Prints a row of one value per result, with a reference (shown only if this table has that column). */
    <R> void row(String name, List<R> results, ToDoubleFunction<R> f, String format, String reference) {
        row(name, results.stream().mapToDouble(f).toArray(), format, reference);
    }

    /** Prints a row of the median and range of {@code values} (NaN values are left out), and keeps it. */
    void row(String name, double[] values, String format, String reference) {
        double[] sorted = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        String median = sorted.length == 0 ? "-" : String.format(format, sorted[sorted.length / 2]);
        String range = sorted.length == 0 ? "-"
                : String.format(format, sorted[0]) + " .. " + String.format(format, sorted[sorted.length - 1]);
        if (withReference) {
            out.printf("%-34s %14s %30s   %s%n", name, median, range, reference);
        } else {
            out.printf("%-34s %14s %30s%n", name, median, range);
        }
        StringBuilder tsv = new StringBuilder(name).append('\t').append(sorted.length);
        tsv.append('\t').append(sorted.length == 0 ? "" : plain(sorted[sorted.length / 2]));
        tsv.append('\t').append(sorted.length == 0 ? "" : plain(sorted[0]));
        tsv.append('\t').append(sorted.length == 0 ? "" : plain(sorted[sorted.length - 1]));
        StringBuilder all = new StringBuilder();
        for (double v : values) {
            all.append(all.length() == 0 ? "" : ",").append(Double.isNaN(v) ? "NaN" : plain(v));
        }
        tsv.append('\t').append(all).append('\t').append(reference);
        tsvRows.add(tsv.toString());
    }

    /** Prints a free-form line (a section heading or a note); it does not go to the TSV. */
    void note(String format, Object... args) {
        out.printf(format + "%n", args);
    }

    /** Writes every row so far as TSV: figure, n, median, min, max, all values, reference. */
    void writeTsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("figure\tn\tmedian\tmin\tmax\tvalues\treference");
        lines.addAll(tsvRows);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }

    private static String plain(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
