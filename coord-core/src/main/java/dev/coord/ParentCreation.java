package dev.coord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * ParentCreation carries out a create with {@link CreateParents}: a plain create first; if the parent
 * is missing, creates of every ancestor (top-down, each tolerating NodeExists) issued back to back with
 * the node's own create, which the session's ordering applies in that order, so the whole repair costs
 * one more round trip; repeated a few times if a concurrent delete keeps removing an ancestor.
 *
 * <p>Uses only the public async API. Its continuations run on the peer's agent thread and only submit
 * more requests, never block.
 */
final class ParentCreation {
    /** How many times the ancestors are created again before NoNodeException is given up on. */
    private static final int MAX_REPAIRS = 8;

    private ParentCreation() {
    }

    /** The create; missing ancestors get the same {@code acl} as the node. */
    static CompletableFuture<String> create(CoordClient client, String path, byte[] data, List<Acl> acl, CreateMode mode,
                                            long ttlMs, CreateParents parents) {
        if (parents == null) {
            return CompletableFuture.failedFuture(new CoordException.BadArgumentsException(path,
                    "create of " + path + ": the CreateParents option is null"));
        }
        // A private copy: retries are issued later, when the caller may have reused its array.
        byte[] copy = data == null ? null : data.clone();
        return attempt(client, path, copy, acl, mode, ttlMs, parents, 0);
    }

    private static CompletableFuture<String> attempt(CoordClient client, String path, byte[] data, List<Acl> acl,
                                                     CreateMode mode, long ttlMs, CreateParents parents, int repairs) {
        return client.createAsync(path, data, acl, mode, ttlMs).handle((created, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(created);
            }
            Throwable cause = unwrap(error);
            List<String> ancestors = ancestors(path);
            if (!(cause instanceof CoordException.NoNodeException) || repairs >= MAX_REPAIRS || ancestors.isEmpty()) {
                return CompletableFuture.<String>failedFuture(cause);
            }
            return repair(client, path, data, acl, mode, ttlMs, parents, repairs, ancestors);
        }).thenCompose(f -> f);
    }

    /**
     * Issues the ancestors' creates and then the node's, back to back. If the node's parent is still
     * missing, an ancestor that failed other than with NodeExists (its own parent is ephemeral, say)
     * explains why and is the answer; otherwise someone deleted an ancestor again and it starts over.
     * The ancestors' creates have completed by then: a session completes its requests in issue order.
     */
    private static CompletableFuture<String> repair(CoordClient client, String path, byte[] data, List<Acl> acl,
                                                    CreateMode mode, long ttlMs, CreateParents parents, int repairs,
                                                    List<String> ancestors) {
        List<CompletableFuture<String>> creates = new ArrayList<>(ancestors.size());
        for (String ancestor : ancestors) {
            creates.add(client.createAsync(ancestor, null, acl, parents.mode(), 0));
        }
        return client.createAsync(path, data, acl, mode, ttlMs).handle((created, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(created);
            }
            Throwable cause = unwrap(error);
            if (!(cause instanceof CoordException.NoNodeException)) {
                return CompletableFuture.<String>failedFuture(cause);
            }
            for (CompletableFuture<String> create : creates) {
                Throwable ancestorError = create.handle((ok, e) -> e == null ? null : unwrap(e)).getNow(null);
                if (ancestorError != null && !(ancestorError instanceof CoordException.NodeExistsException)
                        && !(ancestorError instanceof CoordException.NoNodeException)) {
                    return CompletableFuture.<String>failedFuture(ancestorError);
                }
            }
            return attempt(client, path, data, acl, mode, ttlMs, parents, repairs + 1);
        }).thenCompose(f -> f);
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** The proper ancestors of {@code path} below the root, top-down ("/a/b/c" gives "/a", "/a/b"). */
    static List<String> ancestors(String path) {
        List<String> out = new ArrayList<>();
        if (path == null || !path.startsWith("/")) {
            return out;
        }
        int slash = path.indexOf('/', 1);
        while (slash > 0) {
            out.add(path.substring(0, slash));
            slash = path.indexOf('/', slash + 1);
        }
        return out;
    }
}
