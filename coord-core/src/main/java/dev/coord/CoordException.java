package dev.coord;

import java.util.List;

/**
 * CoordException is the one unchecked base of every error Coord reports; {@link #code()} says which
 * case it is and each case users branch on has its own subclass.
 *
 * <p>A failed {@code multi} throws the exception of the first op that failed; {@link #opResults()} then
 * holds one result per op (see {@link OpResult.Error}) and {@link #failedOpIndex()} names that op.
 */
public class CoordException extends RuntimeException {
    /** Code is the machine-readable case of a {@link CoordException}. */
    public enum Code {
        /** Not an error: an op of a failed multi that would have succeeded. */
        OK,
        NO_NODE,
        NODE_EXISTS,
        BAD_VERSION,
        NOT_EMPTY,
        NO_CHILDREN_FOR_EPHEMERALS,
        BAD_ARGUMENTS,
        SESSION_EXPIRED,
        CONNECTION_LOSS,
        NO_QUORUM,
        CLOSED,
        /** An op of a failed multi after the one that failed: not attempted. */
        RUNTIME_INCONSISTENCY,
        /** The peer stopped because of an internal failure (for example a disk error). */
        SYSTEM_ERROR,
        /** removeWatches found no watch of the kind asked for. */
        NO_WATCHER,
        /** The peer's disk is full: it takes no write until space is freed, then resumes by itself. */
        DISK_FULL,
        /** The session lacks a permission the node's ACL requires. */
        NO_AUTH,
        /** An ACL given to create or setACL is empty, malformed, or uses "auth" without identities. */
        INVALID_ACL,
        /** addAuth was given an unknown scheme or malformed credentials. */
        AUTH_FAILED,
        /** A configured limit against abuse was reached (outstanding requests, sessions, watches, children). */
        LIMIT_EXCEEDED
    }

    private final Code code;
    private final String path;
    private final List<OpResult> opResults;
    private final int failedOpIndex;

    public CoordException(Code code, String path, String message) {
        this(code, path, message, null);
    }

    public CoordException(Code code, String path, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.path = path;
        this.opResults = List.of();
        this.failedOpIndex = -1;
    }

    /** Copies {@code failure} and attaches the per-op results of the multi it failed. */
    protected CoordException(CoordException failure, List<OpResult> opResults, int failedOpIndex) {
        super(failure.getMessage(), failure.getCause());
        this.code = failure.code;
        this.path = failure.path;
        this.opResults = List.copyOf(opResults);
        this.failedOpIndex = failedOpIndex;
    }

    /** The case of this error. */
    public Code code() {
        return code;
    }

    /** The path the failed operation named, or null when none applies. */
    public String path() {
        return path;
    }

    /** For a failed multi: one result per op, else empty. */
    public List<OpResult> opResults() {
        return opResults;
    }

    /** For a failed multi: the index of the op that failed, else -1. */
    public int failedOpIndex() {
        return failedOpIndex;
    }

    /**
     * Returns an exception of the same subclass as {@code failure} carrying a multi's per-op results.
     */
    public static CoordException ofMulti(CoordException failure, List<OpResult> opResults, int failedOpIndex) {
        return create(failure.code, failure.path, failure.getMessage(), opResults, failedOpIndex);
    }

    /** Creates the subclass that matches {@code code}. */
    public static CoordException create(Code code, String path, String message) {
        return create(code, path, message, List.of(), -1);
    }

    private static CoordException create(Code code, String path, String message, List<OpResult> results, int failedIndex) {
        CoordException plain = switch (code) {
            case NO_NODE -> new NoNodeException(path, message);
            case NODE_EXISTS -> new NodeExistsException(path, message);
            case BAD_VERSION -> new BadVersionException(path, message);
            case NOT_EMPTY -> new NotEmptyException(path, message);
            case NO_CHILDREN_FOR_EPHEMERALS -> new NoChildrenForEphemeralsException(path, message);
            case BAD_ARGUMENTS -> new BadArgumentsException(path, message);
            case SESSION_EXPIRED -> new SessionExpiredException(message);
            case CONNECTION_LOSS -> new ConnectionLossException(message);
            case NO_QUORUM -> new NoQuorumException(message);
            case CLOSED -> new ClosedException(message);
            case NO_WATCHER -> new NoWatcherException(path, message);
            case DISK_FULL -> new DiskFullException(message);
            case NO_AUTH -> new NoAuthException(path, message);
            case INVALID_ACL -> new InvalidAclException(path, message);
            case AUTH_FAILED -> new AuthFailedException(message);
            case LIMIT_EXCEEDED -> new LimitExceededException(path, message);
            default -> new CoordException(code, path, message);
        };
        if (failedIndex < 0) {
            return plain;
        }
        return switch (code) {
            case NO_NODE -> new NoNodeException(plain, results, failedIndex);
            case NODE_EXISTS -> new NodeExistsException(plain, results, failedIndex);
            case BAD_VERSION -> new BadVersionException(plain, results, failedIndex);
            case NOT_EMPTY -> new NotEmptyException(plain, results, failedIndex);
            case NO_CHILDREN_FOR_EPHEMERALS -> new NoChildrenForEphemeralsException(plain, results, failedIndex);
            case BAD_ARGUMENTS -> new BadArgumentsException(plain, results, failedIndex);
            case NO_AUTH -> new NoAuthException(plain, results, failedIndex);
            case INVALID_ACL -> new InvalidAclException(plain, results, failedIndex);
            default -> new CoordException(plain, results, failedIndex);
        };
    }

    /** The node named does not exist (or, for a create, its parent does not). */
    public static final class NoNodeException extends CoordException {
        public NoNodeException(String path, String message) {
            super(Code.NO_NODE, path, message);
        }

        NoNodeException(CoordException failure, List<OpResult> results, int index) {
            super(failure, results, index);
        }
    }

    /** A create named a node that already exists. */
    public static final class NodeExistsException extends CoordException {
        public NodeExistsException(String path, String message) {
            super(Code.NODE_EXISTS, path, message);
        }

        NodeExistsException(CoordException failure, List<OpResult> results, int index) {
            super(failure, results, index);
        }
    }

    /** The expected version did not match the node's version. */
    public static final class BadVersionException extends CoordException {
        public BadVersionException(String path, String message) {
            super(Code.BAD_VERSION, path, message);
        }

        BadVersionException(CoordException failure, List<OpResult> results, int index) {
            super(failure, results, index);
        }
    }

    /** A delete named a node that still has children. */
    public static final class NotEmptyException extends CoordException {
        public NotEmptyException(String path, String message) {
            super(Code.NOT_EMPTY, path, message);
        }

        NotEmptyException(CoordException failure, List<OpResult> results, int index) {
            super(failure, results, index);
        }
    }

    /** A create named a parent that is ephemeral. */
    public static final class NoChildrenForEphemeralsException extends CoordException {
        public NoChildrenForEphemeralsException(String path, String message) {
            super(Code.NO_CHILDREN_FOR_EPHEMERALS, path, message);
        }

        NoChildrenForEphemeralsException(CoordException failure, List<OpResult> results, int index) {
            super(failure, results, index);
        }
    }

    /** A path, data, mode, version or option broke a rule; the message names the rule. Nothing changed. */
    public static final class BadArgumentsException extends CoordException {
        public BadArgumentsException(String path, String message) {
            super(Code.BAD_ARGUMENTS, path, message);
        }

        BadArgumentsException(CoordException failure, List<OpResult> results, int index) {
            super(failure, results, index);
        }
    }

    /** The session was expired by the leader (or closed); its ephemerals are gone. */
    public static final class SessionExpiredException extends CoordException {
        public SessionExpiredException(String message) {
            super(Code.SESSION_EXPIRED, null, message);
        }
    }

    /**
     * The peer lost contact with the leader while the operation was in flight: a write's outcome is
     * unknown and must be checked by reading.
     */
    public static final class ConnectionLossException extends CoordException {
        public ConnectionLossException(String message) {
            super(Code.CONNECTION_LOSS, null, message);
        }
    }

    /** No quorum was reachable before the operation's deadline. */
    public static final class NoQuorumException extends CoordException {
        public NoQuorumException(String message) {
            super(Code.NO_QUORUM, null, message);
        }
    }

    /** The Coordinator or session was closed. */
    public static final class ClosedException extends CoordException {
        public ClosedException(String message) {
            super(Code.CLOSED, null, message);
        }
    }

    /** removeWatches found no watch of the session on the path of the kind (and watcher) asked for. */
    public static final class NoWatcherException extends CoordException {
        public NoWatcherException(String path, String message) {
            super(Code.NO_WATCHER, path, message);
        }
    }

    /**
     * The write was not made: the peer's disk is full. Nothing was changed; reads still work. The peer
     * resumes writing by itself once space is freed in the directory the message names.
     */
    public static final class DiskFullException extends CoordException {
        public DiskFullException(String message) {
            super(Code.DISK_FULL, null, message);
        }
    }

    /**
     * The session lacks a permission that the ACL of the node named requires; nothing was changed. The
     * message names the node whose ACL refused and the permission missing.
     */
    public static final class NoAuthException extends CoordException {
        public NoAuthException(String path, String message) {
            super(Code.NO_AUTH, path, message);
        }

        NoAuthException(CoordException plain, List<OpResult> results, int failedIndex) {
            super(plain, results, failedIndex);
        }
    }

    /** An ACL given to create or setACL is not valid; the message says which entry and why. */
    public static final class InvalidAclException extends CoordException {
        public InvalidAclException(String path, String message) {
            super(Code.INVALID_ACL, path, message);
        }

        InvalidAclException(CoordException plain, List<OpResult> results, int failedIndex) {
            super(plain, results, failedIndex);
        }
    }

    /** addAuth was given an unknown scheme or malformed credentials; the session's identities are unchanged. */
    public static final class AuthFailedException extends CoordException {
        public AuthFailedException(String message) {
            super(Code.AUTH_FAILED, null, message);
        }
    }

    /**
     * A limit against abuse was reached; the message names the limit, its value and the builder option
     * that sets it. Nothing was changed: the request was refused, not queued.
     */
    public static final class LimitExceededException extends CoordException {
        public LimitExceededException(String path, String message) {
            super(Code.LIMIT_EXCEEDED, path, message);
        }
    }
}
