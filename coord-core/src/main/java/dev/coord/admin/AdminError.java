package dev.coord.admin;

import dev.coord.CoordException;

/**
 * AdminError is a failed admin request as the HTTP client sees it: a status and a JSON body
 * {@code {"error": code, "message": ..., "path": ...}}.
 */
final class AdminError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String path;

    AdminError(int status, String code, String message, String path) {
        super(message);
        this.status = status;
        this.code = code;
        this.path = path;
    }

    static AdminError badRequest(String message) {
        return new AdminError(400, "BAD_REQUEST", message, null);
    }

    /**
     * The answer for a failed Coord call: 404 no node; 400 bad path or argument (the message names the
     * rule); 409 node exists, bad version, not empty; 503 when the peer cannot serve now (no quorum,
     * connection loss, closed, session expired); 500 otherwise.
     */
    static AdminError of(CoordException e) {
        int status = switch (e.code()) {
            case NO_NODE -> 404;
            case BAD_ARGUMENTS, NO_CHILDREN_FOR_EPHEMERALS -> 400;
            case NODE_EXISTS, BAD_VERSION, NOT_EMPTY -> 409;
            case NO_QUORUM, CONNECTION_LOSS, CLOSED, SESSION_EXPIRED -> 503;
            default -> 500;
        };
        return new AdminError(status, e.code().name(), e.getMessage(), e.path());
    }

    String toJson() {
        return new JsonWriter().beginObject().field("error", code).field("status", status)
                .field("message", getMessage()).field("path", path).endObject().toString();
    }
}
