package dev.coord.recipes.internal;

import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.SessionListener;
import dev.coord.SessionState;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Janitor deletes the nodes a recipe could not be sure about: a create that failed with an unknown
 * outcome (connection loss while no leader served) may still have made the node, and a delete that
 * failed so may not have removed it. Left alone, such an ephemeral would block a lock's queue until its
 * session ended. Recipes name their nodes with a tag unique to one attempt, so the Janitor can find
 * them by name.
 *
 * <p>Each piece of work is tried at once and again at every reconnection, first syncing so that the
 * outcome of anything in flight before the disconnection is settled; it is dropped when it succeeds or
 * when the session ends (its ephemerals go with it). Thread-safe; never blocks.
 */
public final class Janitor implements SessionListener {
    /** Work is one node, or the nodes of one tag under a parent. */
    private record Work(String parent, String nameOrTag, boolean tagged) {
    }

    private final CoordClient client;
    private final Set<Work> pending = ConcurrentHashMap.newKeySet();
    private boolean listening;

    public Janitor(CoordClient client) {
        this.client = client;
    }

    /** Deletes the node {@code parent/name} eventually. */
    public void deleteEventually(String parent, String name) {
        add(new Work(parent, name, false));
    }

    /** Deletes every child of {@code parent} whose name contains {@code tag}, eventually. */
    public void deleteTaggedEventually(String parent, String tag) {
        add(new Work(parent, tag, true));
    }

    /** The number of pieces of work not yet done (for tests). */
    public int pendingCount() {
        return pending.size();
    }

    private void add(Work work) {
        pending.add(work);
        synchronized (this) {
            if (!listening) {
                listening = true;
                client.addSessionListener(this);
            }
        }
        attempt(work);
    }

    @Override
    public void stateChanged(SessionState state) {
        if (state.isTerminal()) {
            pending.clear();
        } else if (state == SessionState.CONNECTED || state == SessionState.RECONNECTED) {
            pending.forEach(this::attempt);
        }
        synchronized (this) {
            if (pending.isEmpty() && listening) {
                listening = false;
                client.removeSessionListener(this);
            }
        }
    }

    private void attempt(Work work) {
        client.syncAsync(work.parent())
                .thenCompose(v -> work.tagged() ? deleteTagged(work) : delete(work.parent() + "/" + work.nameOrTag()))
                .whenComplete((v, error) -> {
                    if (error == null || isSettled(unwrap(error))) {
                        pending.remove(work);
                    }
                });
    }

    private CompletableFuture<Void> deleteTagged(Work work) {
        return client.getChildrenAsync(work.parent(), null).thenCompose((List<String> children) -> {
            CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
            for (String child : children) {
                if (child.contains(work.nameOrTag())) {
                    CompletableFuture<Void> one = delete(work.parent() + "/" + child);
                    all = all.thenCombine(one, (a, b) -> null);
                }
            }
            return all;
        });
    }

    private CompletableFuture<Void> delete(String path) {
        return client.deleteAsync(path, -1).exceptionallyCompose(e -> unwrap(e) instanceof CoordException.NoNodeException
                ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e));
    }

    /** True for outcomes after which there is nothing left to do. */
    private static boolean isSettled(Throwable error) {
        return error instanceof CoordException.NoNodeException || error instanceof CoordException.SessionExpiredException
                || error instanceof CoordException.ClosedException;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
