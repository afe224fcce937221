package dev.coord;

/**
 * CreateMode says how long a znode lives and whether its name gets a sequence suffix.
 *
 * <p>Sequential modes append the parent's counter (its {@code cversion} at the time of the create,
 * ten digits, zero-padded) to the requested name; the counter is shared by persistent and ephemeral
 * children. Ephemeral nodes are deleted when their session closes or expires and may not have
 * children. A container is deleted once it has had at least one child and has none left. A node with a
 * TTL is deleted once it has gone unmodified for its TTL and has no children.
 */
public enum CreateMode {
    PERSISTENT(false, false, false, false),
    PERSISTENT_SEQUENTIAL(false, true, false, false),
    EPHEMERAL(true, false, false, false),
    EPHEMERAL_SEQUENTIAL(true, true, false, false),
    CONTAINER(false, false, true, false),
    PERSISTENT_WITH_TTL(false, false, false, true),
    PERSISTENT_SEQUENTIAL_WITH_TTL(false, true, false, true);

    private final boolean ephemeral;
    private final boolean sequential;
    private final boolean container;
    private final boolean ttl;

    CreateMode(boolean ephemeral, boolean sequential, boolean container, boolean ttl) {
        this.ephemeral = ephemeral;
        this.sequential = sequential;
        this.container = container;
        this.ttl = ttl;
    }

    /** True when the node is deleted with its owning session. */
    public boolean isEphemeral() {
        return ephemeral;
    }

    /** True when the created name gets the parent's ten-digit counter appended. */
    public boolean isSequential() {
        return sequential;
    }

    /** True for CONTAINER. */
    public boolean isContainer() {
        return container;
    }

    /** True for the two modes that need a TTL in milliseconds. */
    public boolean isTtl() {
        return ttl;
    }
}
