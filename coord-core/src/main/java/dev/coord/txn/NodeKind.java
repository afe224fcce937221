package dev.coord.txn;

import dev.coord.CreateMode;

/** NodeKind is how long a znode lives, once created (the sequential part of a mode is spent then). */
public enum NodeKind {
    PERSISTENT,
    EPHEMERAL,
    CONTAINER,
    TTL;

    private static final NodeKind[] VALUES = values();

    /** The kind a node created with {@code mode} has. */
    public static NodeKind of(CreateMode mode) {
        if (mode.isEphemeral()) {
            return EPHEMERAL;
        }
        if (mode.isContainer()) {
            return CONTAINER;
        }
        return mode.isTtl() ? TTL : PERSISTENT;
    }

    /** The kind with the given ordinal; throws IllegalArgumentException for an unknown one. */
    public static NodeKind ofOrdinal(int ordinal) {
        if (ordinal < 0 || ordinal >= VALUES.length) {
            throw new IllegalArgumentException("unknown node kind " + ordinal);
        }
        return VALUES[ordinal];
    }
}
