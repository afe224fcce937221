package dev.coord.transport;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * RefusalLog rate-limits the log lines for refused connections, per remote host: the first refusal
 * from a host is logged, further ones within the window are counted, and the next line logged for that
 * host says how many were suppressed. A rogue or misconfigured peer that redials in a loop thus costs one
 * line per window, not one per attempt.
 *
 * <p>Bounded: it remembers at most {@link #MAX_HOSTS} hosts; when full it forgets those whose window
 * ended, and if none did, all of them (at worst a line too many, never unbounded memory).
 *
 * <p>Threading: confined to the agent thread of the owning transport.
 */
final class RefusalLog {
    static final int MAX_HOSTS = 256;

    private final long windowNs;
    private final Map<String, Entry> hosts = new HashMap<>();
    private long suppressedTotal;

    private static final class Entry {
        long windowStartNs;
        long suppressed;
    }

    RefusalLog(long windowNs) {
        this.windowNs = windowNs;
    }

    /**
     * Notes a refusal of a connection from {@code host} at {@code nowNs}.
     *
     * @return -1 when this refusal must not be logged; otherwise the number of refusals from the host
     *         suppressed since its last logged one (0 for the first)
     */
    long onRefusal(String host, long nowNs) {
        Entry entry = hosts.get(host);
        if (entry != null && nowNs - entry.windowStartNs < windowNs) {
            entry.suppressed++;
            suppressedTotal++;
            return -1;
        }
        if (entry == null) {
            if (hosts.size() >= MAX_HOSTS) {
                evict(nowNs);
            }
            entry = new Entry();
            hosts.put(host, entry);
        }
        long suppressed = entry.suppressed;
        entry.suppressed = 0;
        entry.windowStartNs = nowNs;
        return suppressed;
    }

    /** How many refusals were not logged, in all. */
    long suppressedTotal() {
        return suppressedTotal;
    }

    /** The host part of a remote address as {@code SocketAddress.toString()} prints it ("name/1.2.3.4:5"). */
    static String hostOf(String remote) {
        int colon = remote.lastIndexOf(':');
        return colon > 0 ? remote.substring(0, colon) : remote;
    }

    private void evict(long nowNs) {
        for (Iterator<Entry> it = hosts.values().iterator(); it.hasNext(); ) {
            if (nowNs - it.next().windowStartNs >= windowNs) {
                it.remove();
            }
        }
        if (hosts.size() >= MAX_HOSTS) {
            hosts.clear();
        }
    }
}
