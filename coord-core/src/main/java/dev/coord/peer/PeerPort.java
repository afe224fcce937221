package dev.coord.peer;

import dev.coord.tree.Access;
import dev.coord.tree.DataTree;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * PeerPort is what a {@link ClientSession} needs of its peer: a queue to the agent thread, the last
 * published tree for direct reads, and the clock.
 */
interface PeerPort {
    /** Queues a request for the agent thread, or fails it at once if the peer has stopped. Any thread. */
    CompletableFuture<Object> submitUnchecked(Request request);

    /** The last published tree: everything in it is committed and applied. Any thread. */
    DataTree published();

    Clock clock();

    /** Where completed requests' latencies are recorded. Any thread. */
    dev.coord.metrics.LogHistogram requestLatency();

    /** A new queue for one session's callbacks (agent thread). */
    CallbackQueue callbackQueue(String name);

    /** What this peer's application holds against its limits. Any thread. */
    Quotas quotas();

    /** The access of a session of this peer with the digest identities {@code digests}. Any thread. */
    Access access(List<String> digests);
}
