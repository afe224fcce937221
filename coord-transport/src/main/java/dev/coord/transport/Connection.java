package dev.coord.transport;

import java.io.IOException;
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
    final SocketChannel channel;
    final SelectionKey key;
    final String remote;
    final FrameReader reader;
    final boolean dialed;
    // Invariant: null only while an accepted connection awaits its HELLO; then link.connection == this
    // until this connection is closed.
    PeerLink link;
    long deadlineNs;
    long lastReadNs;
    boolean endOfStream;
    boolean closed;
    private int interestOps;

    Connection(SocketChannel channel, SelectionKey key, String remote, FrameReader reader, boolean dialed,
               PeerLink link, int interestOps) {
        this.channel = channel;
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
        while ((read = reader.readFrom(channel)) > 0) {
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
        return endOfStream || reader.hasBufferedFrame();
    }

    /** Asks the selector for readiness to read (unless the stream ended) and, if asked, to write. */
    void wantWrite(boolean write) {
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
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that failed anyway: nothing left to do.
        }
    }
}
