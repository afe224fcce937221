package dev.coord.examples.cluster;

import dev.coord.Status;
import java.util.HashMap;
import java.util.Map;

/**
 * PeerState is one line a cluster voter writes about itself:
 * {@code role=LEADING leader=2 epoch=1 zxid=0x100000003 at=1732630000123} ({@code at}: wall-clock
 * milliseconds when written).
 */
record PeerState(String role, int leader, long epoch, long zxid, long atMs) {
    static PeerState of(Status status, long nowMs) {
        return new PeerState(status.role().name(), status.leaderId(), status.epoch(), status.lastZxid(), nowMs);
    }

    boolean serving() {
        return role.equals("LEADING") || role.equals("FOLLOWING");
    }

    String format() {
        return "role=" + role + " leader=" + leader + " epoch=" + epoch + " zxid=0x" + Long.toHexString(zxid) + " at=" + atMs;
    }

    /** Parses a line written by {@link #format()}; throws IllegalArgumentException if it is not one. */
    static PeerState parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String word : line.trim().split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                fields.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        try {
            return new PeerState(fields.get("role"), Integer.parseInt(fields.get("leader")), Long.parseLong(fields.get("epoch")),
                    Long.parseUnsignedLong(fields.get("zxid").substring(2), 16), Long.parseLong(fields.get("at")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a peer state line: '" + line + "'", e);
        }
    }
}
