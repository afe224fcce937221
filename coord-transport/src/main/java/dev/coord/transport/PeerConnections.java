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
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
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

    /** Repeated refusals from one host within this window are logged once. */
    static final long REFUSAL_LOG_WINDOW_NS = TimeUnit.SECONDS.toNanos(60);

    private final TcpTransportConfig config;
    private final Handshake handshake;
    private final TlsContext tls;
    /** Checks that a TLS peer's certificate names the id it claims; null without TLS or when turned off. */
    private final PeerIdBinding binding;
    private final RefusalLog refusals = new RefusalLog(REFUSAL_LOG_WINDOW_NS);
    private final ReconnectBackoff backoff;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final ConnectionEvents events;
    private final int[] peerIds;
    private final PeerLink[] links;
    private final ArrayList<Connection> pendingAccepted = new ArrayList<>();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
    private long warnedCloses;
    /** Null without TLS; otherwise keeps the connections to the TLS material as reloaded. */
    private final CertificateRecheck recheck;

    PeerConnections(TcpTransportConfig config, Handshake handshake, TlsContext tls, PeerIdBinding binding,
                    ReconnectBackoff backoff, Selector selector, ServerSocketChannel server, ConnectionEvents events,
                    int[] peerIds) {
        this.config = config;
        this.handshake = handshake;
        this.tls = tls;
        this.binding = tls == null ? null : binding;
        this.backoff = backoff;
        this.selector = selector;
        this.server = server;
        this.events = events;
        this.peerIds = peerIds;
        this.recheck = tls == null ? null : new CertificateRecheck(tls, this.binding, config.selfId());
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

    long suppressedRefusalLogCount() {
        return refusals.suppressedTotal();
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
                // Read before the engine is made, so that it is never newer than the engine's material.
                long tlsGeneration = recheck == null ? 0 : recheck.generationForNewEngine();
                TlsChannel tlsChannel = tls == null ? null : new TlsChannel(channel, tls.newEngine(false, nowNs));
                SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
                Connection connection = new Connection(channel, tlsChannel, key, remote,
                    new FrameReader(HANDSHAKE_FRAME_BYTES, HANDSHAKE_FRAME_BYTES), false, null, SelectionKey.OP_READ);
                connection.deadlineNs = nowNs + config.connectTimeoutNs();
                connection.tlsGeneration = tlsGeneration;
                key.attach(connection);
                pendingAccepted.add(connection);
            } catch (IOException | RuntimeException e) {
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
        if (connection.awaitingProofFrom >= 0) {
            processProof(connection, nowNs);
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
        int dialerId = HelloDescriptor.senderId(reader.buffer(), reader.payloadOffset());
        String certificate = rejectCertificate(connection, dialerId);
        if (certificate != null) {
            close(connection, Level.WARN, certificate, nowNs);
            return;
        }
        if (handshake.authenticates()) {
            connection.remoteNonce = Handshake.nonceOf(reader.buffer(), reader.payloadOffset(), Handshake.NONCE_BYTES);
            connection.localNonce = handshake.newNonce();
            connection.awaitingProofFrom = dialerId;
            int length = handshake.writeAcceptorHello(
                scratch, 0, dialerId, connection.remoteNonce, connection.localNonce);
            connection.pendingOut.append(FrameDescriptor.TYPE_HELLO, scratch, 0, length);
            flushPending(connection, nowNs);
            return;
        }
        attach(connection, link(dialerId), nowNs);
    }

    /** Checks the PROOF that must follow an authenticated HELLO exchange, and attaches the connection if it holds. */
    private void processProof(Connection connection, long nowNs) {
        FrameReader reader = connection.reader;
        if (reader.frameType() != FrameDescriptor.TYPE_PROOF) {
            close(connection, Level.WARN, "authentication failed: a frame of type " + reader.frameType()
                + " where the PROOF was due", nowNs);
            return;
        }
        String reason = handshake.rejectProof(connection.awaitingProofFrom, connection.remoteNonce,
            connection.localNonce, reader.buffer(), reader.payloadOffset(), reader.payloadLength());
        if (reason != null) {
            close(connection, Level.WARN, reason, nowNs);
            return;
        }
        if (!connection.pendingOut.isEmpty()) {
            // The dialer proves only after reading our whole reply, so it has been written; be safe anyway.
            close(connection, Level.WARN, "PROOF before the HELLO reply was written", nowNs);
            return;
        }
        attach(connection, link(connection.awaitingProofFrom), nowNs);
    }

    /** Makes an accepted, admitted connection the link's connection, replacing an older one. */
    private void attach(Connection connection, PeerLink link, long nowNs) {
        pendingAccepted.remove(connection);
        if (link.connection != null) {
            close(link.connection, Level.INFO, "replaced by a new connection from the same peer", nowNs);
        }
        connection.link = link;
        link.connection = connection;
        link.outbound.clear();
        if (!handshake.authenticates()) {
            byte[] none = handshake.newNonce();
            int length = handshake.writeAcceptorHello(scratch, 0, link.peerId, none, none);
            link.outbound.append(FrameDescriptor.TYPE_HELLO, scratch, 0, length);
        }
        becomeConnected(link, connection, nowNs);
    }

    /** Writes what an accepted connection has queued before it belongs to a peer. */
    void flushPending(Connection connection, long nowNs) {
        try {
            if (connection.tls != null) {
                connection.tls.flushNet();
            }
            connection.pendingOut.flushTo(connection.io);
            connection.wantWrite(!connection.pendingOut.isEmpty());
        } catch (IOException e) {
            close(connection, failureLevel(e), failurePrefix(e, "write") + e.getMessage(), nowNs);
        }
    }

    /** Checks the frame a dialed peer answered with; it must be its valid HELLO. */
    void processHelloReply(PeerLink link, Connection connection, long nowNs) {
        FrameReader reader = connection.reader;
        if (reader.frameType() != FrameDescriptor.TYPE_HELLO) {
            close(connection, Level.WARN, "unauthenticated frame of type " + reader.frameType(), nowNs);
            return;
        }
        String reason = handshake.rejectFromAcceptor(
            link.peerId, reader.buffer(), reader.payloadOffset(), reader.payloadLength(), connection.localNonce);
        if (reason == null) {
            reason = rejectCertificate(connection, link.peerId);
        }
        if (reason != null) {
            close(connection, Level.WARN, reason, nowNs);
            return;
        }
        if (handshake.authenticates()) {
            byte[] acceptorNonce = Handshake.nonceOf(reader.buffer(), reader.payloadOffset(), Handshake.NONCE_BYTES);
            int length = handshake.writeProof(scratch, 0, link.peerId, connection.localNonce, acceptorNonce);
            link.outbound.append(FrameDescriptor.TYPE_PROOF, scratch, 0, length);
        }
        becomeConnected(link, connection, nowNs);
    }

    /**
     * Returns null if the connection is plaintext, binding is off, or the certificate the other side presented
     * names {@code claimedId}; else the reason (what the certificate names instead).
     */
    private String rejectCertificate(Connection connection, int claimedId) {
        if (binding == null) {
            return null;
        }
        try {
            return binding.reject(claimedId, connection.tls.peerCertificate());
        } catch (SSLPeerUnverifiedException e) {
            return "peer " + claimedId + " presented no certificate: " + e.getMessage();
        }
    }

    /** Dials, times out, heartbeats and idles out whatever is due at {@code nowNs}. */
    void runTimers(long nowNs) {
        if (recheck != null) {
            recheck.sweep(links, pendingAccepted, this, nowNs);
        }
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
        if (recheck != null) {
            next = earlier(next, recheck.nextFileCheckNs(nowNs));
        }
        return next;
    }

    /** Writes what is queued to the link's connection with one write call; watches for writability if left over. */
    void flush(PeerLink link, long nowNs) {
        Connection connection = link.connection;
        try {
            if (connection.tls != null && !connection.tls.flushNet()) {
                connection.wantWrite(true);
                return;
            }
            if (link.outbound.flushTo(connection.io) > 0) {
                link.lastWriteNs = nowNs;
            }
            connection.wantWrite(!link.outbound.isEmpty());
        } catch (IOException e) {
            close(connection, failureLevel(e), failurePrefix(e, "write") + e.getMessage(), nowNs);
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
        if (level == Level.WARN && (link == null || link.state != State.CONNECTED)) {
            refuse(link, connection, reason, nowNs);
        } else {
            log(quiet ? Level.DEBUG : level, link, connection, reason);
        }
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

    /** Reads what TLS already holds for connections whose frame buffer was full (no socket event will come). */
    void readBufferedTls(long nowNs) {
        for (PeerLink link : links) {
            Connection connection = link.connection;
            if (connection != null && link.isWritable() && connection.hasBufferedTlsInput()) {
                read(connection, nowNs);
            }
        }
        for (int i = pendingAccepted.size() - 1; i >= 0; i--) {
            Connection connection = pendingAccepted.get(i);
            if (connection.hasBufferedTlsInput()) {
                read(connection, nowNs);
            }
        }
    }

    /** Reads what the connection has; a failure closes it (WARN for TLS failures, INFO otherwise). */
    void read(Connection connection, long nowNs) {
        try {
            if (connection.readAvailable()) {
                connection.lastReadNs = nowNs;
            }
            if (connection.tls != null && !connection.closed) {
                boolean queued = connection.link != null ? !connection.link.outbound.isEmpty()
                    : !connection.pendingOut.isEmpty();
                connection.wantWrite(queued);
            }
        } catch (IOException e) {
            close(connection, failureLevel(e), failurePrefix(e, "read") + e.getMessage(), nowNs);
        }
    }

    private static String failurePrefix(IOException e, String operation) {
        return e instanceof SSLException ? "TLS failed: " : operation + " failed: ";
    }

    /** TLS failures (untrusted certificate, garbage instead of TLS) are refusals; other I/O errors are losses. */
    static Level failureLevel(IOException e) {
        return e instanceof SSLException ? Level.WARN : Level.INFO;
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
            long tlsGeneration = recheck == null ? 0 : recheck.generationForNewEngine();
            TlsChannel tlsChannel = tls == null ? null : new TlsChannel(channel, tls.newEngine(true, nowNs));
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            Connection connection = new Connection(channel, tlsChannel, key, link.address.toString(),
                new FrameReader(HANDSHAKE_FRAME_BYTES, HANDSHAKE_FRAME_BYTES), true, link, SelectionKey.OP_CONNECT);
            connection.deadlineNs = nowNs + config.connectTimeoutNs();
            connection.tlsGeneration = tlsGeneration;
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
        connection.localNonce = handshake.newNonce();
        int length = handshake.writeDialerHello(scratch, 0, link.peerId, connection.localNonce);
        link.outbound.append(FrameDescriptor.TYPE_HELLO, scratch, 0, length);
        flush(link, nowNs);
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

    /** Logs a refused connection: one WARN line per remote host and window, the rest at DEBUG. */
    private void refuse(PeerLink link, Connection connection, String reason, long nowNs) {
        warnedCloses++;
        long suppressed = refusals.onRefusal(RefusalLog.hostOf(connection.remote), nowNs);
        if (suppressed < 0) {
            log(Level.DEBUG, link, connection, reason);
            return;
        }
        String more = suppressed == 0 ? "" : " (" + suppressed + " more refusals from this host in the last "
            + TimeUnit.NANOSECONDS.toSeconds(REFUSAL_LOG_WINDOW_NS) + " s were logged at DEBUG)";
        LOG.warn("Peer {} refused connection {}: {}{}", config.selfId(), who(link, connection), reason, more);
    }

    private static String who(PeerLink link, Connection connection) {
        return link == null ? "from " + connection.remote : "with peer " + link.peerId + " at " + connection.remote;
    }

    private void log(Level level, PeerLink link, Connection connection, String reason) {
        String who = who(link, connection);
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
