package dev.coord;

/**
 * Op is one operation of an atomic {@link CoordClient#multi multi}: all ops apply, or none.
 */
public sealed interface Op {
    /** The path the op names. */
    String path();

    /**
     * Creates {@code path} with the access control list {@code acl}; {@code ttlMs} is used only by the
     * TTL modes (0 otherwise).
     */
    record Create(String path, byte[] data, CreateMode mode, long ttlMs, java.util.List<Acl> acl) implements Op {
        /** A create with {@link Acl#OPEN_ACL_UNSAFE}. */
        public Create(String path, byte[] data, CreateMode mode, long ttlMs) {
            this(path, data, mode, ttlMs, Acl.OPEN_ACL_UNSAFE);
        }
    }

    /** Deletes {@code path} if its version matches ({@code -1} matches any). */
    record Delete(String path, int version) implements Op {
    }

    /** Sets the data of {@code path} if its version matches ({@code -1} matches any). */
    record SetData(String path, byte[] data, int version) implements Op {
    }

    /** Succeeds only if {@code path} exists with the given version ({@code -1} matches any). */
    record Check(String path, int version) implements Op {
    }

    static Op create(String path, byte[] data, CreateMode mode) {
        return new Create(path, data, mode, 0);
    }

    static Op create(String path, byte[] data, CreateMode mode, long ttlMs) {
        return new Create(path, data, mode, ttlMs);
    }

    static Op create(String path, byte[] data, java.util.List<Acl> acl, CreateMode mode) {
        return new Create(path, data, mode, 0, acl);
    }

    static Op delete(String path, int version) {
        return new Delete(path, version);
    }

    static Op setData(String path, byte[] data, int version) {
        return new SetData(path, data, version);
    }

    static Op check(String path, int version) {
        return new Check(path, version);
    }
}
