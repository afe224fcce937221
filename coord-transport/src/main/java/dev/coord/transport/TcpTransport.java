package dev.coord.transport;

import dev.coord.transport.PeerConnections.Level;
import dev.coord.transport.PeerLink.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.agrona.DirectBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TcpTransport is the {@link Transport} between peer JVMs over TCP, with NIO and no I/O thread of its own.
 *
 * <p>Threading: the agent thread that calls {@code poll} and {@code awaitWork} does all the I/O. It blocks
 * in the {@link Selector} when idle, reads sockets into per-connection buffers and hands frames to the
 * handler in place, and writes each peer's queued frames with one write call at the end of each
 * {@code poll} and before blocking. {@link #wakeup()} (the selector's wakeup) is the only method other
 * threads may call. With no I/O thread there is no queue between threads and no second wake-up per
 * message: on two vCPUs the wake-ups, not the bytes, are most of a round trip.
 *
 * <p>Connections and their failures are handled by {@code PeerConnections}: exactly one connection per
 * pair (the higher id dials, the lower accepts), redials with capped, jittered exponential backoff, a
 * HELLO handshake first, heartbeats on quiet connections. Bad input from the network closes that
 * connection with one WARN line and never reaches the caller; refusals before a connection is established
 * are rate-limited per remote host (one WARN line a minute, the rest at DEBUG).
 *
 * <p>Security ({@link TransportSecurity}): a {@link SharedSecretAuthenticator} adds a challenge/response
 * to the handshake (see {@link Handshake}), and a {@link TlsContext} runs every connection over TLS 1.3
 * with mutual authentication ({@link TlsChannel}, inside this same selector loop); each side's certificate
 * must name the peer id it claims ({@link PeerIdBinding}) unless that binding is turned off.
 *
 * <p>NB: I/O happens only while the agent is in {@code poll} or {@code awaitWork}. An agent that stays
 * away longer than the idle timeout (a long GC pause, a slow synchronous task) sends no heartbeats and its
 * peers close the connection; TCP buffers absorb traffic in the meantime, so shorter stalls cost only
 * latency.
 */
public final class TcpTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    private final TcpTransportConfig config;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ConnectionEvents events = new ConnectionEvents();
    private final PeerConnections connections;
    private final PeerLink[] links;
    private final ArrayList<Connection> pendingAccepted;
    private int deliverCursor;
    // Invariant: true only between an awaitWork that selected and the next poll, which then skips selectNow.
    private boolean selectedSincePoll;
    private boolean closed;

    /** Binds the configured address; peers are dialed from the first {@code poll}. */
    public TcpTransport(TcpTransportConfig config, Random random) {
        this(config, random, PeerAuthenticator.NONE);
    }

    /** Binds the configured address; {@code random} jitters redials, {@code authenticator} checks HELLOs. */
    public TcpTransport(TcpTransportConfig config, Random random, PeerAuthenticator authenticator) {
        this(config, random, new TransportSecurity(authenticator, null));
    }

    /**
     * Binds the configured address; {@code random} jitters redials, {@code security} says how connections
     * are authenticated and whether they run over TLS.
     */
    public TcpTransport(TcpTransportConfig config, Random random, TransportSecurity security) {
        this.config = config;
        int[] peerIds = config.peers().keySet().stream().mapToInt(Integer::intValue).toArray();
        Selector openedSelector = null;
        ServerSocketChannel openedServer = null;
        try {
            openedSelector = Selector.open();
            openedServer = ServerSocketChannel.open();
            openedServer.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            openedServer.bind(config.bindAddress());
            openedServer.configureBlocking(false);
            openedServer.register(openedSelector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            PeerConnections.closeQuietly(openedServer);
            PeerConnections.closeQuietly(openedSelector);
            throw new UncheckedIOException("peer " + config.selfId() + " cannot bind " + config.bindAddress(), e);
        }
        this.selector = openedSelector;
        this.server = openedServer;
        if (security.tls() != null && !security.bindPeerIds()) {
            LOG.warn("Peer {}: TLS peer-id binding is off: any trusted certificate may claim any peer id",
                config.selfId());
        }
        this.connections = new PeerConnections(config,
            new Handshake(config.selfId(), config.clusterName(), peerIds, security.authenticator()), security.tls(),
            security.bindPeerIds() ? new PeerIdBinding(config.clusterName()) : null,
            new ReconnectBackoff(config.backoffMinNs(), config.backoffMaxNs(), random),
            selector, server, events, peerIds);
        this.links = connections.links();
        this.pendingAccepted = connections.pendingAccepted();
    }

    /** Returns the address this transport accepts on (with the actual port when configured with 0). */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int selfId() {
        return config.selfId();
    }

    @Override
    public int maxMessageBytes() {
        return config.maxFrameBytes() - FrameDescriptor.HEADER_LENGTH;
    }

    @Override
    public boolean send(int peerId, DirectBuffer buffer, int offset, int length) {
        PeerLink link = connections.link(peerId);
        if (length < 0 || length > maxMessageBytes()) {
            throw new IllegalArgumentException("message of " + length + " bytes, maximum " + maxMessageBytes());
        }
        if (closed || !link.canSend()) {
            return false;
        }
        if (link.outbound.append(FrameDescriptor.TYPE_MESSAGE, buffer, offset, length)) {
            return true;
        }
        link.sendRefused = true;
        return false;
    }

    @Override
    public void flush() {
        if (!closed) {
            flushAll(System.nanoTime());
        }
    }

    @Override
    public int poll(MessageHandler handler, int limit) {
        if (closed) {
            return 0;
        }
        if (!selectedSincePoll) {
            select(0);
        }
        selectedSincePoll = false;
        long nowNs = System.nanoTime();
        connections.readBufferedTls(nowNs);
        connections.runTimers(nowNs);
        for (int i = pendingAccepted.size() - 1; i >= 0; i--) {
            connections.processHandshake(pendingAccepted.get(i), nowNs);
        }
        int work = events.deliver();
        work += deliverFrames(handler, limit, nowNs);
        if (!closed) {
            work += events.deliver();
            flushAll(System.nanoTime());
        }
        return work;
    }

    @Override
    public boolean awaitWork(long timeoutNs) {
        if (closed) {
            return false;
        }
        long nowNs = System.nanoTime();
        flushAll(nowNs);
        if (hasBufferedWork()) {
            return true;
        }
        long waitNs = Math.min(timeoutNs, connections.nextTimerNs(nowNs) - nowNs);
        int ready = select(waitNs <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNs + 999_999)));
        selectedSincePoll = true;
        return ready > 0 || hasBufferedWork() || connections.nextTimerNs(nowNs) - System.nanoTime() <= 0;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public boolean isConnected(int peerId) {
        return !closed && connections.link(peerId).canSend();
    }

    @Override
    public int outboundQueuedBytes(int peerId) {
        return connections.link(peerId).outbound.queuedBytes();
    }

    @Override
    public void closeConnection(int peerId, String reason) {
        Connection connection = connections.link(peerId).connection;
        if (!closed && connection != null) {
            connections.close(connection, Level.WARN, reason, System.nanoTime());
        }
    }

    @Override
    public void addConnectionListener(ConnectionListener listener) {
        events.addListener(listener);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.closeAll();
        events.clear();
        PeerConnections.closeQuietly(server);
        PeerConnections.closeQuietly(selector);
    }

    /** Returns the number of open sockets to peers, accepted or dialed, handshaken or not. */
    int openConnectionCount() {
        int count = pendingAccepted.size();
        for (PeerLink link : links) {
            count += link.connection != null ? 1 : 0;
        }
        return count;
    }

    /** Returns how many connections were closed with a WARN line (bad input, timeouts). */
    long warnedCloseCount() {
        return connections.warnedCloseCount();
    }

    /** Returns how many refusals were logged at DEBUG only, by the per-host rate limit. */
    long suppressedRefusalLogCount() {
        return connections.suppressedRefusalLogCount();
    }

    /** Returns the remote address of the peer's current connection, or null. */
    InetSocketAddress remoteAddress(int peerId) {
        Connection connection = connections.link(peerId).connection;
        try {
            return connection == null ? null : (InetSocketAddress) connection.channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    /** Selects without blocking when {@code timeoutMs} is 0, handling each ready key at once. */
    private int select(long timeoutMs) {
        try {
            return timeoutMs == 0 ? selector.selectNow(this::onReady) : selector.select(this::onReady, timeoutMs);
        } catch (IOException e) {
            throw new UncheckedIOException("selector of peer " + config.selfId() + " failed", e);
        }
    }

    /** Handles one ready key: accept, finish a dial, read into the receive buffer, or write what is queued. */
    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        long nowNs = System.nanoTime();
        Object attachment = key.attachment();
        if (attachment == null) {
            connections.acceptAll(nowNs);
            return;
        }
        Connection connection = (Connection) attachment;
        if (key.isConnectable()) {
            connections.finishDial(connection, nowNs);
            return;
        }
        if (key.isReadable()) {
            connections.read(connection, nowNs);
            if (connection.closed) {
                return;
            }
        }
        if (key.isValid() && key.isWritable()) {
            if (connection.link != null) {
                connections.flush(connection.link, nowNs);
            } else {
                connections.flushPending(connection, nowNs);
            }
        }
    }

    /** Delivers buffered frames, visiting the links round-robin from a rotating start for fairness. */
    private int deliverFrames(MessageHandler handler, int limit, long nowNs) {
        int delivered = 0;
        int count = links.length;
        for (int i = 0; i < count && delivered < limit && !closed; i++) {
            PeerLink link = links[(deliverCursor + i) % count];
            Connection connection = link.connection;
            if (connection != null && link.isWritable()) {
                delivered += deliverFrom(link, connection, handler, limit - delivered, nowNs);
            }
        }
        deliverCursor = count == 0 ? 0 : (deliverCursor + 1) % count;
        return delivered;
    }

    private int deliverFrom(PeerLink link, Connection connection, MessageHandler handler, int limit, long nowNs) {
        FrameReader reader = connection.reader;
        int delivered = 0;
        while (delivered < limit && !connection.closed && !closed) {
            int status = reader.next();
            if (status == FrameReader.NEED_MORE) {
                if (connection.endOfStream) {
                    connections.close(connection, Level.INFO, "closed by the remote peer", nowNs);
                }
                break;
            }
            if (status == FrameReader.INVALID) {
                connections.close(connection, Level.WARN, reader.invalidReason(), nowNs);
                break;
            }
            if (link.state == State.HANDSHAKING) {
                connections.processHelloReply(link, connection, nowNs);
            } else if (reader.frameType() == FrameDescriptor.TYPE_MESSAGE) {
                delivered += events.deliver();
                handler.onMessage(link.peerId, reader.buffer(), reader.payloadOffset(), reader.payloadLength());
                delivered++;
            } else if (reader.frameType() == FrameDescriptor.TYPE_HELLO) {
                connections.close(connection, Level.WARN, "a second HELLO on an established connection", nowNs);
            } else if (reader.frameType() == FrameDescriptor.TYPE_PROOF) {
                connections.close(connection, Level.WARN, "a PROOF on an established connection", nowNs);
            }
        }
        return delivered;
    }

    /**
     * Whether {@code poll} or a retried send has something to do now: an event, a buffered frame, or room
     * again (half the bound) in a queue that refused a send.
     */
    private boolean hasBufferedWork() {
        if (!events.isEmpty()) {
            return true;
        }
        boolean work = false;
        for (PeerLink link : links) {
            if (link.sendRefused && link.outbound.queuedBytes() <= link.outbound.limitBytes() / 2) {
                link.sendRefused = false;
                work = true;
            }
            if (link.connection != null && link.isWritable() && link.connection.hasBufferedWork()) {
                work = true;
            }
        }
        if (work) {
            return true;
        }
        for (int i = 0; i < pendingAccepted.size(); i++) {
            if (pendingAccepted.get(i).hasBufferedWork()) {
                return true;
            }
        }
        return false;
    }

    private void flushAll(long nowNs) {
        for (PeerLink link : links) {
            if (link.connection != null && link.isWritable()) {
                connections.flush(link, nowNs);
            }
        }
    }
}
