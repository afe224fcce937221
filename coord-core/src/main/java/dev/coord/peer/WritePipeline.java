package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.SessionState;
import dev.coord.Watcher;
import dev.coord.WatchedEvent;
import dev.coord.log.NoSpaceException;
import dev.coord.log.TxnLog;
import dev.coord.log.file.DiskSpace;
import java.nio.file.Path;
import dev.coord.tree.Access;
import dev.coord.tree.Applied;
import dev.coord.tree.Change;
import dev.coord.tree.DataTree;
import dev.coord.tree.TxnPreparer;
import dev.coord.tree.WatchTable;
import dev.coord.txn.Txn;
import dev.coord.txn.TxnCodec;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;

/**
 * WritePipeline is the standalone peer's sequencer: it turns requests into transactions against the
 * speculative tree (the tree after every transaction prepared so far), appends them to the log, and at
 * the end of each batch forces the log once, publishes the tree, fires watches and completes the
 * callers' futures in request order.
 *
 * <p>Called only on the agent thread. Invariant: every transaction in {@code batch} is appended to the
 * log and applied to {@code speculative} but not yet published; nothing is acknowledged before the
 * log force that covers it.
 *
 * <p>A full disk: when an append fails for lack of space, the request gets a
 * {@link CoordException.DiskFullException} and so does every later write, without touching the log,
 * until {@link #maybeResume()} sees free space again; the transactions logged before it in the batch
 * are forced and answered as usual, and reads go on meanwhile.
 */
final class WritePipeline {
    private final PeerAgent agent;
    private final TxnLog log;
    private final TxnPreparer preparer;
    private final WatchTable<Watcher> watches;
    private final ExpandableArrayBuffer encodeBuffer = new ExpandableArrayBuffer(1024);
    private final List<Pending> batch = new ArrayList<>();
    private DataTree speculative;
    private long epoch;
    private long counter;
    /** Invariant: null, or why the log is full: no append is tried until {@link #maybeResume()} clears it. */
    private NoSpaceException noSpace;

    WritePipeline(PeerAgent agent, TxnLog log, TxnPreparer preparer, WatchTable<Watcher> watches, DataTree recovered) {
        this.agent = agent;
        this.log = log;
        this.preparer = preparer;
        this.watches = watches;
        this.speculative = recovered;
        // Each start is a new epoch, so zxids keep growing across restarts.
        this.epoch = (recovered.lastZxid() >>> 32) + 1;
        this.counter = 0;
    }

    DataTree speculative() {
        return speculative;
    }

    boolean hasBatch() {
        return !batch.isEmpty();
    }

    /** Prepares a write request of a session, or answers its error in turn. */
    void write(Request request, long nowMs) {
        long sessionId = request.session.sessionId();
        if (speculative.session(sessionId) == null) {
            batch.add(Pending.ofError(request, new CoordException.SessionExpiredException(
                    "session 0x" + Long.toHexString(sessionId) + " is not live")));
            return;
        }
        Txn txn;
        try {
            txn = switch (request.kind) {
                case CREATE -> preparer.create(request.path, request.data, request.acl, request.mode, request.ttlMs,
                        sessionId, request.authDigests);
                case DELETE -> preparer.delete(request.path, request.version);
                case SET_DATA -> preparer.setData(request.path, request.data, request.version);
                case MULTI -> preparer.multi(request.ops, sessionId, request.authDigests);
                case SET_ACL -> preparer.setAcl(request.path, request.acl, request.version, request.authDigests);
                default -> throw new IllegalArgumentException("not a write: " + request.kind);
            };
        } catch (CoordException e) {
            batch.add(Pending.ofError(request, e));
            return;
        }
        if (txn instanceof Txn.Multi multi && multi.ops().isEmpty()) {
            batch.add(Pending.ofValue(request, List.of()));
            return;
        }
        propose(request, txn, nowMs);
    }

    /**
     * Applies {@code txn} to the speculative tree and logs it under the next zxid; an unmet precondition
     * is answered as the request's error (for the peer's own transactions, {@code request} is null and
     * such an error means the transaction is no longer needed). A request's permissions are checked
     * here, against the speculative tree.
     */
    void propose(Request request, Txn txn, long nowMs) {
        if (noSpace != null) {
            failForNoSpace(request);
            return;
        }
        long zxid = nextZxid();
        Applied applied;
        try {
            Access access = request == null ? Access.UNCHECKED : request.session.access(request.authDigests);
            applied = speculative.apply(zxid, nowMs, txn, access);
        } catch (CoordException e) {
            if (request != null) {
                batch.add(Pending.ofError(request, e));
            }
            return;
        }
        int length = TxnCodec.encode(nowMs, txn, encodeBuffer, 0);
        try {
            log.append(zxid, encodeBuffer, 0, length);
        } catch (NoSpaceException e) {
            noSpace = e;
            PeerAgent.LOG.error("Peer takes no writes: {}", e.getMessage(), e);
            failForNoSpace(request);
            return;
        }
        counter++;
        speculative = applied.tree();
        batch.add(Pending.ofTxn(request, zxid, txn, applied));
    }

    private void failForNoSpace(Request request) {
        if (request != null) {
            batch.add(Pending.ofError(request, new CoordException.DiskFullException(noSpace.getMessage())));
        }
    }

    /** True while writes are refused because the disk is full. */
    boolean isDiskFull() {
        return noSpace != null;
    }

    /**
     * Lets writes try the log again once the full file system has at least {@code minFreeBytes} usable
     * (called every tick); returns whether it did.
     */
    boolean maybeResume(long minFreeBytes) {
        if (noSpace == null || DiskSpace.usableBytes(Path.of(noSpace.directory())) < minFreeBytes) {
            return false;
        }
        PeerAgent.LOG.info("Space is free again in {}: the peer takes writes again", noSpace.directory());
        noSpace = null;
        return true;
    }

    /** Answers {@code request} with {@code error} in its turn, after the writes queued before it. */
    void failInTurn(Request request, CoordException error) {
        batch.add(Pending.ofError(request, error));
    }

    /** Answers {@code request} with {@code value} in its turn, after the writes queued before it. */
    void answerInTurn(Request request, Object value) {
        batch.add(Pending.ofValue(request, value));
    }

    private long nextZxid() {
        if (counter == 0xFFFF_FFFEL) {
            epoch++;
            counter = 0;
        }
        return epoch << 32 | (counter + 1);
    }

    /**
     * Ends the batch: one log force, then the tree is published, watches fire and futures complete in
     * request order. Returns the number of transactions committed.
     */
    int commit() {
        if (batch.isEmpty()) {
            return 0;
        }
        log.flush();
        agent.publish(speculative);
        int txns = 0;
        for (Pending p : batch) {
            if (p.applied() != null) {
                txns++;
                afterCommit(p);
            }
            complete(p);
        }
        batch.clear();
        return txns;
    }

    private void afterCommit(Pending p) {
        Object result = p.applied().result();
        if (p.txn() instanceof Txn.CloseSession close) {
            // A closing session's own watches never fire, not even for the ephemerals it deletes.
            watches.removeSession(close.sessionId());
        }
        for (Change change : p.applied().changes()) {
            for (WatchTable.Fired<Watcher> fired : watches.fire(change, p.zxid())) {
                ClientSession session = agent.localSession(fired.sessionId());
                if (session != null) {
                    WatchedEvent event = new WatchedEvent(fired.type(), fired.path(), fired.zxid());
                    Watcher watcher = fired.watcher();
                    session.dispatch(() -> watcher.process(event));
                }
            }
        }
        if (p.request() != null && p.request().kind == Request.Kind.OPEN_SESSION) {
            agent.sessionOpened(p.request().session, (Long) result);
        }
        if (p.txn() instanceof Txn.CloseSession close) {
            agent.sessionClosed(close.sessionId(), p.request() == null ? SessionState.EXPIRED : SessionState.CLOSED);
        }
    }

    private void complete(Pending p) {
        Request request = p.request();
        if (request == null) {
            return;
        }
        Object value = p.error() != null ? null
                : p.applied() != null ? Answers.of(request, p.applied().result()) : p.value();
        if (request.counted) {
            request.session.turns().resolve(request, value, p.error(), agent::readNow);
        } else if (p.error() != null) {
            request.future.completeExceptionally(p.error());
        } else {
            request.future.complete(value);
        }
    }

    /** Fails every request of the batch (the peer is stopping on an error); nothing was acknowledged. */
    void failBatch(CoordException error) {
        for (Pending p : batch) {
            if (p.request() != null && !p.request().counted) {
                p.request().future.completeExceptionally(error);
            }
        }
        batch.clear();
    }
}
