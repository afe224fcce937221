package dev.coord.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * Trace is the record of what a simulation did: one line per event (a delivery, a fault, a client
 * operation, a role change), stamped with virtual time. It keeps a SHA-256 of every line, so two runs
 * of one seed can be compared byte for byte, and the last lines in memory (all of them when asked),
 * for failure reports.
 */
final class Trace {
    private final Scheduler time;
    private final MessageDigest sha;
    private final boolean keepAll;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final StringBuilder all = new StringBuilder();
    private long lines;

    Trace(Scheduler time, boolean keepAll) {
        this.time = time;
        this.keepAll = keepAll;
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void add(String line) {
        long ns = time.nowNs();
        String stamped = String.format("%d.%06d %s", ns / 1_000_000, ns % 1_000_000, line);
        sha.update(stamped.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        lines++;
        if (keepAll) {
            all.append(stamped).append('\n');
        }
        tail.addLast(stamped);
        if (tail.size() > 200) {
            tail.removeFirst();
        }
    }

    long lines() {
        return lines;
    }

    /** The SHA-256 of every line so far (hex); ends the digest, so call it once, at the end. */
    String finish() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Every line, if the trace keeps them all; otherwise the empty string. */
    String text() {
        return all.toString();
    }

    /** The last lines, for a failure report. */
    String tail() {
        return String.join("\n", tail);
    }
}
