package dev.coord.transport;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Connection is one TCP socket of a {@link TcpTransport}: the channel, its selection key, and the frames
 * being received on it.
 *
 * <p>An accepted connection belongs to no peer until a valid HELLO names it; a dialed one belongs to the
 * peer it dialed from the start. What is sent is kept by the peer's {@link PeerLink}, not here.
 *
 * <p>Threading: confined to the agent thread of the owning transport.
 */
final class Connection {
    private static final int PENDING_OUT_BYTES = 2 * FrameDescriptor.HEADER_LENGTH + HelloDescriptor.MAX_LENGTH;
    final SocketChannel channel;
    /** What frames are read from and written to: the socket itself, or {@link #tls} over it. */
    final ByteChannel io;
    /** The TLS layer, or null for plaintext. */
    final TlsChannel tls;
    final SelectionKey key;
    final String remote;
    final FrameReader reader;
    final boolean dialed;
    // Invariant: null only while an accepted connection awaits its HELLO; then link.connection == this
    // until this connection is closed.
    PeerLink link;
    /** This side's handshake nonce (empty without authentication). */
    byte[] localNonce;
    /** The other side's handshake nonce, once received. */
    byte[] remoteNonce;
    // Invariant: >= 0 only on an accepted connection whose HELLO was admitted and answered, until the
    // dialer's PROOF arrives; then the id of that dialer.
    int awaitingProofFrom = -1;
    /** What an accepted connection sends before it belongs to a peer (the HELLO reply); null on dialed ones. */
    final OutboundBuffer pendingOut;
    /**
     * The {@link TlsContext#generation} of the material this connection's peer chain is known to pass: the
     * one its engine was made with (or an older one), then the one it was last re-checked against.
     */
    long tlsGeneration;
    long deadlineNs;
    long lastReadNs;
    boolean endOfStream;
    boolean closed;
    private int interestOps;

    Connection(SocketChannel channel, TlsChannel tls, SelectionKey key, String remote, FrameReader reader,
               boolean dialed, PeerLink link, int interestOps) {
        this.channel = channel;
        this.tls = tls;
        this.io = tls != null ? tls : channel;
        this.pendingOut = dialed ? null : new OutboundBuffer(PENDING_OUT_BYTES);
        this.key = key;
        this.remote = remote;
        this.reader = reader;
        this.dialed = dialed;
        this.link = link;
        this.interestOps = interestOps;
    }

    /**
     * Reads what the socket has, as far as the receive buffer has room; notes the end of the stream.
     *
     * @return whether any byte was read
     */
    boolean readAvailable() throws IOException {
        boolean any = false;
        int read;
        while ((read = reader.readFrom(io)) > 0) {
            any = true;
        }
        if (read < 0) {
            endOfStream = true;
            interest(0);
        }
        return any;
    }

    /** Whether {@code poll} has something to do here without reading the socket. */
    boolean hasBufferedWork() {
        return endOfStream || reader.hasBufferedFrame() || hasBufferedTlsInput();
    }

    /** Whether TLS holds received bytes that a read would turn into plaintext without the socket. */
    boolean hasBufferedTlsInput() {
        return tls != null && !endOfStream && tls.hasBufferedInput();
    }

    /** Asks the selector for readiness to read (unless the stream ended) and, if asked, to write. */
    void wantWrite(boolean write) {
        write |= tls != null && tls.wantsWrite();
        int ops = (endOfStream ? 0 : SelectionKey.OP_READ) | (write ? SelectionKey.OP_WRITE : 0);
        interest(ops);
    }

    void interest(int ops) {
        if (ops != interestOps && key.isValid()) {
            key.interestOps(ops);
            interestOps = ops;
        }
    }

    /** Closes the socket, ignoring errors; idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        try {
            io.close();
        } catch (IOException ignored) {
            // Closing a socket that failed anyway: nothing left to do.
        }
    }
}
