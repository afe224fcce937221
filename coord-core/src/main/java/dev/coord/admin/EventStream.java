package dev.coord.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.coord.AddWatchMode;
import dev.coord.CoordException;
import dev.coord.EventType;
import dev.coord.Session;
import dev.coord.WatchedEvent;
import dev.coord.Watcher;
import dev.coord.WatcherType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventStream is {@code /events?path=/x}: a Server-Sent Events stream of every change at or under
 * {@code path}, from a persistent recursive watch of the admin session. Each change is one
 * {@code event: change} with {@code {"type", "path", "zxid"}} (push, then pull: the client reads the
 * node again). A comment line every heartbeat finds a disconnected client, and the watch is then
 * removed. When events come faster than the client takes them (1,024 queued), the stream sends
 * {@code event: overflow} and ends; a browser's EventSource reconnects and should reload its view.
 *
 * <p>Each open stream holds one of the endpoint's threads; at most {@link #MAX_STREAMS} are open.
 * Thread-safe.
 */
final class EventStream {
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    static final int MAX_STREAMS = 16;
    private static final int QUEUE_CAPACITY = 1024;
    /** A sentinel that wakes a stream's loop when the endpoint closes. */
    private static final WatchedEvent CLOSING = new WatchedEvent(EventType.PERSISTENT_WATCH_REMOVED, "", -1);

    private final AdminSession session;
    private final long heartbeatMs;
    private final Semaphore slots = new Semaphore(MAX_STREAMS);
    private final Set<BlockingQueue<WatchedEvent>> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStream(AdminSession session, long heartbeatMs) {
        this.session = session;
        this.heartbeatMs = heartbeatMs;
    }

    void handle(HttpExchange exchange, Query query) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            throw new AdminError(405, "METHOD_NOT_ALLOWED", "/events answers GET only", null);
        }
        String path = query.get("path", "/");
        if (!slots.tryAcquire()) {
            throw new AdminError(503, "TOO_MANY_STREAMS", MAX_STREAMS + " event streams are open already; "
                    + "close one (each browser tab holds one)", null);
        }
        try {
            stream(exchange, path);
        } finally {
            slots.release();
        }
    }

    private void stream(HttpExchange exchange, String path) throws IOException {
        BlockingQueue<WatchedEvent> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        AtomicBoolean overflow = new AtomicBoolean();
        Watcher watcher = event -> {
            if (!queue.offer(event)) {
                // Full: the loop ends the stream with an overflow; the client reconnects and reloads.
                overflow.set(true);
            }
        };
        Session s = session.get();
        s.addWatch(path, watcher, AddWatchMode.PERSISTENT_RECURSIVE);
        open.add(queue);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                write(out, "retry: 1000\nevent: open\ndata: "
                        + new JsonWriter().beginObject().field("path", path).endObject() + "\n\n");
                pump(out, queue, overflow, s);
            }
        } catch (IOException e) {
            // The client went away: nothing to report, the watch is removed below.
            LOG.debug("Admin event stream on {} ended: {}", path, e.toString());
        } finally {
            open.remove(queue);
            removeWatch(s, path, watcher);
        }
    }

    private void pump(OutputStream out, BlockingQueue<WatchedEvent> queue, AtomicBoolean overflow, Session s)
            throws IOException {
        while (!closed && !s.state().isTerminal()) {
            if (overflow.get()) {
                write(out, "event: overflow\ndata: {}\n\n");
                return;
            }
            WatchedEvent event;
            try {
                event = queue.poll(heartbeatMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == CLOSING) {
                return;
            }
            if (event == null) {
                write(out, ": ping\n\n");
            } else {
                write(out, "event: change\ndata: " + new JsonWriter().beginObject()
                        .field("type", event.type().name()).field("path", event.path())
                        .field("zxid", event.zxid()).field("zxidHex", Reports.hex(event.zxid()))
                        .endObject() + "\n\n");
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void removeWatch(Session s, String path, Watcher watcher) {
        try {
            s.removeWatches(path, watcher, WatcherType.PERSISTENT_RECURSIVE);
        } catch (CoordException e) {
            // The session ended (its watches went with it) or the peer is stopping.
            LOG.debug("Removing the admin watch on {} failed: {}", path, e.toString());
        }
    }

    /** The number of streams open now. */
    int openStreams() {
        return open.size();
    }

    /** Ends every stream (their loops return and remove their watches). */
    void close() {
        closed = true;
        for (BlockingQueue<WatchedEvent> queue : open) {
            if (!queue.offer(CLOSING)) {
                queue.clear();
                queue.offer(CLOSING);
            }
        }
    }
}
