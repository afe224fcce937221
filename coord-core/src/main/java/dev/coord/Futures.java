package dev.coord;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Futures joins the async API for the sync one, rethrowing the {@link CoordException} inside. */
final class Futures {
    private Futures() {
    }

    static <T> T join(CompletableFuture<T> future) {
        if (!future.isDone() && dev.coord.peer.AgentThread.isCurrent()) {
            throw new IllegalStateException("a blocking Coord call was made on a peer's agent thread (in a callback "
                    + "of a non-async CompletableFuture method); it would wait for itself. Use the *Async variants.");
        }
        try {
            return future.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof CoordException coord) {
                throw rethrownHere(coord);
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CoordException(CoordException.Code.SYSTEM_ERROR, null, cause.toString(), cause);
        }
    }

    /** Keeps the exception's type but adds this thread's stack, so the caller's line shows. */
    private static CoordException rethrownHere(CoordException e) {
        e.addSuppressed(new CoordException(e.code(), e.path(), "rethrown on the calling thread"));
        return e;
    }
}
