package dev.coord.peer;

import dev.coord.OpResult;

/** Answers turns what applying a transaction returned into what the request's caller is given. */
final class Answers {
    private Answers() {
    }

    static Object of(Request request, Object result) {
        return switch (request.kind) {
            case CREATE -> ((OpResult.Create) result).path();
            case SET_DATA, SET_ACL -> ((OpResult.SetData) result).stat();
            case MULTI -> result;
            case OPEN_SESSION -> request.session;
            default -> null;
        };
    }
}
