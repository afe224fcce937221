package dev.coord.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.peer.Peer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AdminServer is a peer's admin HTTP endpoint (JDK {@code HttpServer}, JSON, one static page):
 *
 * <pre>
 *  GET    /                      the live page (ensemble and tree browser)
 *  GET    /status                role, leader, epoch, zxid, digest, members
 *  GET    /metrics               the peer's metrics (mntr's names)
 *  GET    /members               each member: address, voting, state; for a leader, each follower's lag
 *  GET    /sessions              live sessions, their owners and ephemerals
 *  GET    /watches               the watches this peer's sessions left
 *  GET    /tree?path=/x          a node: data (UTF-8 text or base64), stat, children
 *  POST   /tree?path=&mode=      create (writable only); the body is the data
 *  PUT    /tree?path=&version=   set data (writable only)
 *  DELETE /tree?path=&version=&recursive=   delete (writable only)
 *  GET    /events?path=/x        Server-Sent Events: each change at or under the path
 * </pre>
 *
 * <p>Its threads never touch the peer's state: they use the public API through their own session, the
 * published status and metrics, and queries the agent thread answers. Writes are refused (403) unless
 * enabled, and refused (403) from a browser page of another origin, so a web page cannot drive them.
 *
 * <p>Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int THREADS = EventStream.MAX_STREAMS + 8;
    private static final long QUERY_TIMEOUT_MS = 5_000;

    private final Peer peer;
    private final boolean writable;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AdminSession session;
    private final TreeResource tree;
    private final EventStream events;
    private final byte[] page;
    private volatile boolean closed;

    private AdminServer(Peer peer, boolean writable, HttpServer server, ExecutorService executor, AdminSession session,
                        long heartbeatMs) {
        this.peer = peer;
        this.writable = writable;
        this.server = server;
        this.executor = executor;
        this.session = session;
        this.tree = new TreeResource(session, writable);
        this.events = new EventStream(session, heartbeatMs);
        this.page = loadPage();
    }

    /**
     * Binds {@code address} (port 0: any free port) and starts serving {@code peer}, reading and writing
     * through sessions of {@code coord} with {@code sessionTimeout}.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static AdminServer start(Coordinator coord, Peer peer, InetSocketAddress address, boolean writable,
                                    Duration sessionTimeout, Duration heartbeat) {
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the admin endpoint to " + address + " (" + e.getMessage()
                    + "): choose a free port, or port 0 for any", e);
        }
        AtomicInteger threadCount = new AtomicInteger();
        int peerId = peer.status().peerId();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "coord-admin-" + peerId + "-" + threadCount.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        AdminServer admin = new AdminServer(peer, writable, server, executor, new AdminSession(coord, sessionTimeout),
                heartbeat.toMillis());
        server.createContext("/", admin::dispatch);
        server.setExecutor(executor);
        server.start();
        LOG.info("Peer {} serves its admin endpoint at http://{}:{}/ ({})", peerId,
                server.getAddress().getHostString(), server.getAddress().getPort(), writable ? "writable" : "read-only");
        return admin;
    }

    /** The address the endpoint is bound to (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The number of event streams open now. */
    public int openEventStreams() {
        return events.openStreams();
    }

    private void dispatch(HttpExchange exchange) {
        try {
            try {
                route(exchange);
            } catch (AdminError e) {
                HttpIo.sendJson(exchange, e.status, e.toJson());
            } catch (CoordException e) {
                AdminError error = AdminError.of(e);
                HttpIo.sendJson(exchange, error.status, error.toJson());
            } catch (IOException e) {
                LOG.debug("Admin request {} {} ended early: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            } catch (RuntimeException e) {
                LOG.warn("Admin request {} {} failed unexpectedly; the peer itself is unaffected. "
                        + "Report this with the stack trace below.", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                AdminError error = new AdminError(500, "INTERNAL", e.toString(), null);
                HttpIo.sendJson(exchange, 500, error.toJson());
            }
        } catch (IOException e) {
            LOG.debug("Could not answer admin request {}: {}", exchange.getRequestURI(), e.toString());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        Query query = Query.parse(uri.getRawQuery());
        String method = exchange.getRequestMethod();
        if (closed) {
            throw new AdminError(503, "CLOSED", "the peer is stopping", null);
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            checkSameOrigin(exchange);
        }
        switch (path) {
            case "/", "/index.html" -> {
                requireGet(method, path);
                HttpIo.send(exchange, 200, "text/html; charset=utf-8", page);
            }
            case "/status" -> json(exchange, method, path, Reports.status(peer.status()));
            case "/metrics" -> json(exchange, method, path, Reports.metrics(peer.metrics()));
            case "/members" -> json(exchange, method, path, Reports.members(peer.status(), peer.metrics()));
            case "/sessions" -> json(exchange, method, path, Reports.sessions(await(peer.sessionSummaries())));
            case "/watches" -> json(exchange, method, path, Reports.watches(await(peer.watchSummaries())));
            case "/tree" -> tree.handle(exchange, query);
            case "/events" -> events.handle(exchange, query);
            default -> throw new AdminError(404, "NOT_FOUND", "no admin resource " + path
                    + "; see / for the page, /status, /metrics, /members, /sessions, /watches, /tree, /events", null);
        }
    }

    private static void json(HttpExchange exchange, String method, String path, String body) throws IOException {
        requireGet(method, path);
        HttpIo.sendJson(exchange, 200, body);
    }

    private static void requireGet(String method, String path) {
        if (!method.equals("GET")) {
            throw new AdminError(405, "METHOD_NOT_ALLOWED", path + " answers GET only, not " + method, null);
        }
    }

    /** Refuses a write sent by a page of another origin (a browser always sends Origin with one). */
    private static void checkSameOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && (host == null || !(origin.equals("http://" + host)))) {
            throw new AdminError(403, "CROSS_ORIGIN", "writes from a page of another origin (" + origin
                    + ") are refused; send them from this endpoint's own page or without an Origin header", null);
        }
    }

    private static <T> T await(CompletableFuture<T> query) {
        try {
            return query.get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AdminError(503, "BUSY", "the peer did not answer within " + QUERY_TIMEOUT_MS + " ms", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminError(503, "CLOSED", "the endpoint is stopping", null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CoordException coord) {
                throw coord;
            }
            throw new IllegalStateException("the peer failed to answer", e.getCause());
        }
    }

    private static byte[] loadPage() {
        try (InputStream in = AdminServer.class.getResourceAsStream("index.html")) {
            if (in == null) {
                throw new IllegalStateException("the admin page dev/coord/admin/index.html is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin page", e);
        }
    }

    /**
     * Stops serving: ends the event streams (removing their watches), closes the admin session if
     * {@code closeSession} (else leaves it, as a crash would), and stops the threads. Idempotent.
     */
    public void close(boolean closeSession) {
        if (closed) {
            return;
        }
        closed = true;
        events.close();
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        session.close(closeSession);
    }

    @Override
    public void close() {
        close(true);
    }

    /** Whether writes are enabled. */
    public boolean isWritable() {
        return writable;
    }
}
