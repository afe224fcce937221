package dev.coord.peer;

import dev.coord.Durability;
import java.nio.file.Path;

/**
 * PeerConfig is the immutable configuration of one peer, as the {@code Coordinator} builder made it.
 *
 * @param peerId            this peer's id
 * @param dataDir           the data directory, or null for an in-memory peer
 * @param durability        when writes are acknowledged
 * @param sessionTimeoutMs  the default session's timeout
 * @param tickMs            the period of the agent's housekeeping (session liveness, TTLs, snapshots)
 * @param snapshotEveryTxns a snapshot is taken after this many transactions
 * @param snapshotsRetained how many snapshots (and the log after the oldest) purge keeps
 * @param maxDataBytes      the largest data a node may hold
 * @param logBlockBytes     the Chronicle Queue block size of the log
 * @param ensemble          the members and replication settings, or null for a standalone peer
 * @param limits            the bounds against abuse
 * @param superDigest       the digest identity ({@code user:base64(sha1(user:password))}) that passes
 *                          every ACL check, or null for no super user
 */
public record PeerConfig(
        int peerId,
        Path dataDir,
        Durability durability,
        long sessionTimeoutMs,
        long tickMs,
        int snapshotEveryTxns,
        int snapshotsRetained,
        int maxDataBytes,
        long logBlockBytes,
        EnsembleConfig ensemble,
        Limits limits,
        String superDigest) {

    /** The smallest session timeout, in ticks (as ZooKeeper's minSessionTimeout). */
    public static final int MIN_SESSION_TICKS = 2;
    /** The largest session timeout, in ticks. */
    public static final int MAX_SESSION_TICKS = 600;

    public PeerConfig {
        if (peerId < 1) {
            throw new IllegalArgumentException("peerId must be at least 1, was " + peerId);
        }
        if (tickMs < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms, was " + tickMs);
        }
        checkSessionTimeout(sessionTimeoutMs, tickMs);
        if (snapshotEveryTxns < 1) {
            throw new IllegalArgumentException("snapshotEveryTxns must be at least 1, was " + snapshotEveryTxns);
        }
        if (snapshotsRetained < 1) {
            throw new IllegalArgumentException("snapshotsRetained must be at least 1, was " + snapshotsRetained);
        }
        if (ensemble != null && !ensemble.members().containsKey(peerId)) {
            throw new IllegalArgumentException("peer " + peerId + " is not among the members " + ensemble.members().keySet());
        }
        if (maxDataBytes < 0) {
            throw new IllegalArgumentException("maxDataBytes must not be negative, was " + maxDataBytes);
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must not be null");
        }
        if (superDigest != null && !dev.coord.tree.AclRules.isDigestId(superDigest)) {
            throw new IllegalArgumentException("superDigest must be user:base64(sha1(user:password)) as Acl.digestId "
                    + "returns it (never the password itself)");
        }
    }

    /** A configuration with the default {@link Limits} and no super user. */
    public PeerConfig(int peerId, Path dataDir, Durability durability, long sessionTimeoutMs, long tickMs,
                      int snapshotEveryTxns, int snapshotsRetained, int maxDataBytes, long logBlockBytes,
                      EnsembleConfig ensemble) {
        this(peerId, dataDir, durability, sessionTimeoutMs, tickMs, snapshotEveryTxns, snapshotsRetained, maxDataBytes,
                logBlockBytes, ensemble, Limits.DEFAULTS, null);
    }

    /**
     * The address a session of this peer has for ACLs of the ip scheme: the peer's own member address
     * as configured (resolved), or 127.0.0.1 for a standalone peer; null if it did not resolve.
     */
    public String sessionAddress() {
        if (ensemble == null) {
            return "127.0.0.1";
        }
        return addressOf(ensemble.members().get(peerId));
    }

    /** The literal address of a member's socket address (no zone), or null if it is unresolved. */
    static String addressOf(java.net.InetSocketAddress member) {
        if (member == null || member.getAddress() == null) {
            return null;
        }
        String literal = member.getAddress().getHostAddress();
        int zone = literal.indexOf('%');
        return zone < 0 ? literal : literal.substring(0, zone);
    }

    /** Throws IllegalArgumentException unless a session timeout is within the bounds the tick sets. */
    public static void checkSessionTimeout(long timeoutMs, long tickMs) {
        if (timeoutMs < MIN_SESSION_TICKS * tickMs || timeoutMs > MAX_SESSION_TICKS * tickMs) {
            throw new IllegalArgumentException("session timeout " + timeoutMs + " ms is outside "
                    + MIN_SESSION_TICKS * tickMs + ".." + MAX_SESSION_TICKS * tickMs + " ms (" + MIN_SESSION_TICKS
                    + " to " + MAX_SESSION_TICKS + " ticks of " + tickMs + " ms)");
        }
    }

    /** True for a peer that keeps nothing on disk. */
    public boolean inMemory() {
        return dataDir == null;
    }
}
