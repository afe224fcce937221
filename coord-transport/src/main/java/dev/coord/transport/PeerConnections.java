package dev.coord.transport;

import dev.coord.transport.PeerLink.State;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerConnections is the life of a {@link TcpTransport}'s sockets: accepting, dialing, the handshake, the
 * timers (redial, connect timeout, heartbeat, idle timeout), writing queued frames, and closing.
 *
 * <p>Exactly one connection per pair of peers: only the higher id dials, the lower only accepts; a valid
 * HELLO from a peer that already has a connection replaces it (the peer restarted, the old socket is
 * half-open). Every close writes exactly one log line: WARN for bad input from the network and timeouts,
 * INFO for a lost connection, DEBUG for repeated failed dials.
 *
 * <p>Threading: confined to the agent thread of the owning transport.
 */
final class PeerConnections {
    /** Logs under TcpTransport's name: one logger to configure for the whole transport. */
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    static final int MAX_PENDING_HANDSHAKES = 64;
    private static final int HANDSHAKE_FRAME_BYTES = FrameDescriptor.HEADER_LENGTH + HelloDescriptor.MAX_LENGTH;
    private static final int CONNECTED_READ_BYTES = 64 * 1024;

    /** How loudly a close is logged. */
    enum Level { WARN, INFO, DEBUG }

    private final TcpTransportConfig config;
    private final Handshake handshake;
    private final ReconnectBackoff backoff;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ConnectionEvents events;
    private final int[] peerIds;
    private final PeerLink[] links;
    private final ArrayList<Connection> pendingAccepted = new ArrayList<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
    private long warnedCloses;

    PeerConnections(TcpTransportConfig config, Handshake handshake, ReconnectBackoff backoff, Selector selector,
                    ServerSocketChannel server, ConnectionEvents events, int[] peerIds) {
        this.config = config;
        this.handshake = handshake;
        this.backoff = backoff;
        this.selector = selector;
        this.server = server;
        this.events = events;
        this.peerIds = peerIds;
        this.links = new PeerLink[peerIds.length];
        for (int i = 0; i < peerIds.length; i++) {
            int id = peerIds[i];
            links[i] = new PeerLink(id, config.peers().get(id), id < config.selfId(), config.outboundQueueBytes());
        }
    }

    PeerLink[] links() {
        return links;
    }

    ArrayList<Connection> pendingAccepted() {
        return pendingAccepted;
    }

    long warnedCloseCount() {
        return warnedCloses;
    }

    PeerLink link(int peerId) {
        int index = Arrays.binarySearch(peerIds, peerId);
        if (index < 0) {
            throw new IllegalArgumentException("peer " + peerId + " is not a peer of " + config.selfId());
        }
        return links[index];
    }

    void acceptAll(long nowNs) {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.warn("Peer {} failed to accept a connection: {}", config.selfId(), e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            String remote = remoteOf(channel);
            if (pendingAccepted.size() >= MAX_PENDING_HANDSHAKES) {
                warnedCloses++;
                LOG.warn("Peer {} closed connection from {}: {} connections already await their HELLO",
                    config.selfId(), remote, MAX_PENDING_HANDSHAKES);
                closeQuietly(channel);
                continue;
            }
            try {
                configure(channel);
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                Connection connection = new Connection(channel, key, remote,
                    new FrameReader(HANDSHAKE_FRAME_BYTES, HANDSHAKE_FRAME_BYTES), false, null, SelectionKey.OP_READ);
                connection.deadlineNs = nowNs + config.connectTimeoutNs();
                key.attach(connection);
                pendingAccepted.add(connection);
            } catch (IOException e) {
                LOG.debug("Peer {} dropped accepted connection from {}: {}", config.selfId(), remote, e.toString());
                closeQuietly(channel);
            }
        }
    }

    void finishDial(Connection connection, long nowNs) {
        try {
            if (connection.channel.finishConnect()) {
                onDialConnected(connection, nowNs);
            }
        } catch (IOException e) {
            close(connection, Level.DEBUG, "connect failed: " + e.getMessage(), nowNs);
        }
    }

    /** Checks the first frame of an accepted connection and, if it is a valid HELLO, attaches it to its peer. */
    void processHandshake(Connection connection, long nowNs) {
        FrameReader reader = connection.reader;
        int status = reader.next();
        if (status == FrameReader.NEED_MORE) {
            if (connection.endOfStream) {
                close(connection, Level.WARN, "closed before sending a HELLO", nowNs);
            }
            return;
        }
        if (status == FrameReader.INVALID) {
            close(connection, Level.WARN, reader.invalidReason(), nowNs);
            return;
        }
        if (reader.frameType() != FrameDescriptor.TYPE_HELLO) {
            close(connection, Level.WARN, "unauthenticated frame of type " + reader.frameType(), nowNs);
            return;
        }
        String reason = handshake.rejectFromDialer(reader.buffer(), reader.payloadOffset(), reader.payloadLength());
        if (reason != null) {
            close(connection, Level.WARN, reason, nowNs);
            return;
        }
        PeerLink link = link(HelloDescriptor.senderId(reader.buffer(), reader.payloadOffset()));
        pendingAccepted.remove(connection);
        if (link.connection != null) {
            close(link.connection, Level.INFO, "replaced by a new connection from the same peer", nowNs);
        }
        connection.link = link;
        link.connection = connection;
        link.outbound.clear();
        appendHello(link);
        becomeConnected(link, connection, nowNs);
    }

    /** Checks the frame a dialed peer answered with; it must be its valid HELLO. */
    void processHelloReply(PeerLink link, Connection connection, long nowNs) {
        FrameReader reader = connection.reader;
        if (reader.frameType() != FrameDescriptor.TYPE_HELLO) {
            close(connection, Level.WARN, "unauthenticated frame of type " + reader.frameType(), nowNs);
            return;
        }
        String reason = handshake.rejectFromAcceptor(
            link.peerId, reader.buffer(), reader.payloadOffset(), reader.payloadLength());
        if (reason != null) {
            close(connection, Level.WARN, reason, nowNs);
            return;
        }
        becomeConnected(link, connection, nowNs);
    }

    /** Dials, times out, heartbeats and idles out whatever is due at {@code nowNs}. */
    void runTimers(long nowNs) {
        for (PeerLink link : links) {
            Connection connection = link.connection;
            if (link.state == State.IDLE) {
                if (link.dials && nowNs - link.nextDialNs >= 0) {
                    dial(link, nowNs);
                }
            } else if (link.state != State.CONNECTED) {
                if (nowNs - connection.deadlineNs >= 0) {
                    close(connection, Level.INFO, "no handshake within the connect timeout", nowNs);
                }
            } else if (nowNs - connection.lastReadNs >= config.idleTimeoutNs()) {
                close(connection, Level.WARN, "nothing received for "
                    + TimeUnit.NANOSECONDS.toMillis(nowNs - connection.lastReadNs) + " ms", nowNs);
            } else if (link.outbound.isEmpty() && nowNs - link.lastWriteNs >= config.heartbeatIntervalNs()) {
                link.outbound.append(FrameDescriptor.TYPE_HEARTBEAT, scratch, 0, 0);
            }
        }
        for (int i = pendingAccepted.size() - 1; i >= 0; i--) {
            Connection connection = pendingAccepted.get(i);
            if (nowNs - connection.deadlineNs >= 0) {
                close(connection, Level.WARN, "no HELLO within the connect timeout", nowNs);
            }
        }
    }

    /** Returns when the earliest timer falls due; a day from now when none is set. */
    long nextTimerNs(long nowNs) {
        long next = nowNs + TimeUnit.DAYS.toNanos(1);
        for (PeerLink link : links) {
            Connection connection = link.connection;
            if (link.state == State.IDLE) {
                if (link.dials) {
                    next = earlier(next, link.nextDialNs);
                }
            } else if (link.state != State.CONNECTED) {
                next = earlier(next, connection.deadlineNs);
            } else {
                next = earlier(next, connection.lastReadNs + config.idleTimeoutNs());
                if (link.outbound.isEmpty()) {
                    next = earlier(next, link.lastWriteNs + config.heartbeatIntervalNs());
                }
            }
        }
        for (int i = 0; i < pendingAccepted.size(); i++) {
            next = earlier(next, pendingAccepted.get(i).deadlineNs);
        }
        return next;
    }

    /** Writes what is queued to the link's connection with one write call; watches for writability if left over. */
    void flush(PeerLink link, long nowNs) {
        Connection connection = link.connection;
        try {
            if (link.outbound.flushTo(connection.channel) > 0) {
                link.lastWriteNs = nowNs;
            }
            connection.wantWrite(!link.outbound.isEmpty());
        } catch (IOException e) {
            close(connection, Level.INFO, "write failed: " + e.getMessage(), nowNs);
        }
    }

    /** Closes one connection with exactly one log line, and moves its link, if any, back to IDLE. */
    void close(Connection connection, Level level, String reason, long nowNs) {
        if (connection.closed) {
            return;
        }
        connection.close();
        PeerLink link = connection.link;
        boolean quiet = level == Level.INFO && link != null && link.state != State.CONNECTED && link.failedAttempts > 0;
        log(quiet ? Level.DEBUG : level, link, connection, reason);
        if (link == null) {
            pendingAccepted.remove(connection);
            return;
        }
        if (link.connection == connection) {
            if (link.state == State.CONNECTED) {
                events.disconnected(link);
            }
            link.connection = null;
            link.state = State.IDLE;
            link.outbound.clear();
            if (link.dials) {
                scheduleRedial(link, nowNs);
            }
        }
    }

    /** Closes every socket without logging or events (the transport is closing). */
    void closeAll() {
        for (PeerLink link : links) {
            if (link.connection != null) {
                link.connection.close();
                link.connection = null;
            }
            link.state = State.IDLE;
        }
        pendingAccepted.forEach(Connection::close);
        pendingAccepted.clear();
    }

    private void dial(PeerLink link, long nowNs) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            configure(channel);
            if (!config.bindAddress().getAddress().isAnyLocalAddress()) {
                channel.bind(new InetSocketAddress(config.bindAddress().getAddress(), 0));
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            Connection connection = new Connection(channel, key, link.address.toString(),
                new FrameReader(HANDSHAKE_FRAME_BYTES, HANDSHAKE_FRAME_BYTES), true, link, SelectionKey.OP_CONNECT);
            connection.deadlineNs = nowNs + config.connectTimeoutNs();
            key.attach(connection);
            link.connection = connection;
            link.state = State.DIALING;
            InetSocketAddress target = link.address.isUnresolved()
                ? new InetSocketAddress(link.address.getHostString(), link.address.getPort()) : link.address;
            if (channel.connect(target)) {
                onDialConnected(connection, nowNs);
            }
        } catch (IOException | RuntimeException e) {
            if (link.connection != null) {
                close(link.connection, Level.DEBUG, "dial failed: " + e, nowNs);
            } else {
                closeQuietly(channel);
                scheduleRedial(link, nowNs);
                LOG.debug("Peer {} could not dial peer {} at {}: {}", config.selfId(), link.peerId, link.address, e);
            }
        }
    }

    private void onDialConnected(Connection connection, long nowNs) {
        PeerLink link = connection.link;
        link.state = State.HANDSHAKING;
        connection.lastReadNs = nowNs;
        connection.wantWrite(false);
        link.outbound.clear();
        appendHello(link);
        flush(link, nowNs);
    }

    private void appendHello(PeerLink link) {
        int length = handshake.writeHello(scratch, 0, link.peerId);
        link.outbound.append(FrameDescriptor.TYPE_HELLO, scratch, 0, length);
    }

    private void becomeConnected(PeerLink link, Connection connection, long nowNs) {
        link.state = State.CONNECTED;
        link.generation++;
        link.failedAttempts = 0;
        link.lastWriteNs = nowNs;
        connection.lastReadNs = nowNs;
        connection.reader.maxFrameBytes(config.maxFrameBytes());
        connection.reader.ensureCapacity(CONNECTED_READ_BYTES);
        events.connected(link);
        LOG.info("Peer {} connected to peer {} at {}", config.selfId(), link.peerId, connection.remote);
    }

    private void scheduleRedial(PeerLink link, long nowNs) {
        link.nextDialNs = nowNs + backoff.delayNs(link.failedAttempts);
        link.failedAttempts++;
    }

    private void log(Level level, PeerLink link, Connection connection, String reason) {
        String who = link == null
            ? "from " + connection.remote : "with peer " + link.peerId + " at " + connection.remote;
        switch (level) {
            case WARN -> {
                warnedCloses++;
                LOG.warn("Peer {} closed connection {}: {}", config.selfId(), who, reason);
            }
            case INFO -> LOG.info("Peer {} closed connection {}: {}", config.selfId(), who, reason);
            default -> LOG.debug("Peer {} closed connection {}: {}", config.selfId(), who, reason);
        }
    }

    private static long earlier(long aNs, long bNs) {
        return aNs - bNs <= 0 ? aNs : bNs;
    }

    private static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    }

    private static String remoteOf(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "an unknown address";
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Releasing resources on a path that already failed or is shutting down.
        }
    }
}
