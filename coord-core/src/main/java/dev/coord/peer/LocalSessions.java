package dev.coord.peer;

import dev.coord.CoordException;
import dev.coord.SessionState;
import dev.coord.WatchedEvent;
import dev.coord.Watcher;
import dev.coord.metrics.SessionSummary;
import dev.coord.tree.Applied;
import dev.coord.tree.Change;
import dev.coord.tree.DataTree;
import dev.coord.tree.WatchTable;
import dev.coord.txn.Txn;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * LocalSessions is the set of sessions a replicated peer's application opened on it, with the watches
 * they left, and their state as the ensemble moves on: a session joins once its CreateSession is
 * applied and leaves once its CloseSession is; committed changes fire the watches and dispatch their
 * events to the sessions that left them; a lost leader suspends the connected sessions, a tick turns
 * a session suspended for longer than its timeout into a lost one, and a serving leader reconnects
 * each suspended or lost session the committed tree still holds and expires the others.
 *
 * <p>Owned by the peer's agent thread, like the rest of its state: called only there.
 */
final class LocalSessions {
    // Invariant: holds every session of this peer whose CreateSession was applied and whose CloseSession
    // was not, nor was it found expired on reconnecting; keyed by session id, in id order.
    private final Map<Long, ClientSession> byId = new TreeMap<>();
    private final WatchTable<Watcher> watches = new WatchTable<>();

    /** The watches this peer's sessions left. */
    WatchTable<Watcher> watches() {
        return watches;
    }

    /** The session {@code sessionId} if it is one of this peer's, else null. */
    ClientSession get(long sessionId) {
        return byId.get(sessionId);
    }

    /** The sessions, as a live view. */
    Collection<ClientSession> all() {
        return byId.values();
    }

    /** The sessions, as a copy the caller may hold while sessions come and go. */
    List<ClientSession> list() {
        return new ArrayList<>(byId.values());
    }

    boolean isEmpty() {
        return byId.isEmpty();
    }

    /** The live sessions of {@code tree}, this peer's marked with their state. */
    List<SessionSummary> summaries(DataTree tree) {
        return PeerFigures.sessions(tree, byId);
    }

    /**
     * Carries out what the committed {@code txn} at {@code zxid} means to this peer's sessions: fires
     * the watches its changes trigger, and lets in the session it created ({@code origin}'s, if the
     * request came from here) or lets out the one it closed, failing what that session still waited for.
     */
    void applied(long zxid, Applied applied, Txn txn, Request origin) {
        if (txn instanceof Txn.CloseSession close) {
            // A closing session's own watches never fire, not even for the ephemerals it deletes.
            watches.removeSession(close.sessionId());
        }
        for (Change change : applied.changes()) {
            fire(change, zxid);
        }
        if (txn instanceof Txn.CreateSession && origin != null) {
            origin.session.opened((Long) applied.result());
            byId.put((Long) applied.result(), origin.session);
        }
        if (txn instanceof Txn.CloseSession close) {
            watches.removeSession(close.sessionId());
            ClientSession session = byId.remove(close.sessionId());
            if (session != null) {
                session.changeState(session.isClosing() ? SessionState.CLOSED : SessionState.EXPIRED);
                session.turns().failAll(new CoordException.SessionExpiredException(
                        "session 0x" + Long.toHexString(close.sessionId()) + " has expired"));
            }
        }
    }

    /** Fires the watches {@code change} at {@code zxid} triggers and dispatches each event to its session. */
    void fire(Change change, long zxid) {
        for (WatchTable.Fired<Watcher> fired : watches.fire(change, zxid)) {
            ClientSession session = byId.get(fired.sessionId());
            if (session != null) {
                WatchedEvent event = new WatchedEvent(fired.type(), fired.path(), fired.zxid());
                Watcher watcher = fired.watcher();
                session.dispatch(() -> watcher.process(event));
            }
        }
    }

    /** The peer no longer serves (its leader is lost): suspends every connected session. */
    void suspendAll(long nowMs) {
        for (ClientSession s : byId.values()) {
            if (s.state() == SessionState.CONNECTED || s.state() == SessionState.RECONNECTED) {
                s.suspend(nowMs);
            }
        }
    }

    /** A tick: a session suspended for longer than its timeout is lost. */
    void loseTimedOut(long nowMs) {
        for (ClientSession s : new ArrayList<>(byId.values())) {
            if (s.state() == SessionState.SUSPENDED && nowMs - s.suspendedAtMs() > s.timeoutMs()) {
                s.changeState(SessionState.LOST);
            }
        }
    }

    /**
     * The peer serves again: a suspended or lost session that {@code committed} still holds is
     * reconnected; one it no longer holds has expired meanwhile and leaves, with its watches.
     */
    void reconnectAll(DataTree committed) {
        for (ClientSession s : new ArrayList<>(byId.values())) {
            if (s.state() == SessionState.SUSPENDED || s.state() == SessionState.LOST) {
                if (committed.session(s.sessionId()) != null) {
                    s.changeState(SessionState.RECONNECTED);
                } else {
                    byId.remove(s.sessionId());
                    watches.removeSession(s.sessionId());
                    s.changeState(SessionState.EXPIRED);
                }
            }
        }
    }

    /** Marks each session closing and hands the request that closes it to {@code handler}, in id order. */
    void closeAll(Consumer<Request> handler) {
        for (ClientSession s : new ArrayList<>(byId.values())) {
            s.markClosing();
            Request close = Request.closeSession(s);
            handler.accept(close);
        }
    }

    /** The peer stops: every session still here is closed. */
    void markAllClosed() {
        for (ClientSession s : byId.values()) {
            s.changeState(SessionState.CLOSED);
        }
    }
}
