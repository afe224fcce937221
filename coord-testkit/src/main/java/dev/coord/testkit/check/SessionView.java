package dev.coord.testkit.check;

import dev.coord.testkit.history.Entry;
import java.util.HashMap;
import java.util.Map;

/**
 * SessionView is what one session knows at a point of its history, from its entries that completed
 * before that point: the largest zxid it observed, per path the zxid after which any incarnation it
 * sees must have been created, and the persistent nodes it created itself.
 *
 * <p>Why these hold: a session reads from a server whose state only moves forward, past every zxid the
 * session has observed, and its own writes take effect after everything it observed before issuing
 * them. So once a session finds a path absent (or creates or deletes it itself) after observing zxid
 * {@code z}, any incarnation it sees later was created after {@code z}.
 */
final class SessionView {
    /** Floor is a zxid and the entry that established it. */
    record Floor(long zxid, Entry source) {
    }

    private Floor observed = new Floor(Stamp.UNKNOWN, null);
    private final Map<String, Floor> createdAfter = new HashMap<>();
    private final Map<String, Entry> ownPersistentCreates = new HashMap<>();

    /** The largest zxid observed so far, and the entry that showed it. */
    Floor observed() {
        return observed;
    }

    /** The zxid any incarnation of {@code path} seen now must have been created after, or null. */
    Floor createdAfter(String path) {
        return createdAfter.get(path);
    }

    /** The session's own completed create of persistent {@code path}, or null. */
    Entry ownPersistentCreate(String path) {
        return ownPersistentCreates.get(path);
    }

    /** Learns what {@code done}, which completed, observed; {@code observedBefore} is what the session had observed when it invoked it. */
    void learn(Entry done, Observations o, Floor observedBefore) {
        for (Sighting s : o.present) {
            if (s.mzxid() > observed.zxid()) {
                observed = new Floor(s.mzxid(), done);
            }
        }
        if (observedBefore.zxid() != Stamp.UNKNOWN) {
            Floor floor = new Floor(observedBefore.zxid(), done);
            o.absent.forEach(path -> createdAfter.merge(path, floor, SessionView::higher));
            o.createdOrDeleted.forEach(path -> createdAfter.merge(path, floor, SessionView::higher));
        }
        o.createdPersistent.forEach(path -> ownPersistentCreates.putIfAbsent(path, done));
    }

    private static Floor higher(Floor a, Floor b) {
        return b.zxid() > a.zxid() ? b : a;
    }
}
