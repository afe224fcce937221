package dev.coord.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TlsChannel is a non-blocking {@link ByteChannel} that runs TLS over one socket with an {@link SSLEngine}:
 * {@code read} gives plaintext, {@code write} takes plaintext, and both drive the TLS handshake as far as
 * the socket allows without blocking.
 *
 * <p>Contract with the transport's I/O loop:
 * <ul>
 *   <li>{@code read} returns 0 while the handshake needs the other side, -1 at end of stream (close_notify
 *       or TCP close), and may leave decrypted bytes behind when {@code dst} fills: {@link #hasBufferedInput}
 *       then says to read again without waiting for the socket.</li>
 *   <li>{@code write} returns 0 until the handshake is done; it counts plaintext as written once it is
 *       encrypted, which may be before the socket took all of it: {@link #wantsWrite} then says to call
 *       {@link #flushNet} when the socket is writable.</li>
 *   <li>An {@link SSLException} (bad certificate, garbage, bad record MAC) propagates as the
 *       {@code IOException} it is; the caller closes the connection.</li>
 * </ul>
 * Delegated tasks (certificate checks) run inline, on the calling thread.
 *
 * <p>Threading: confined to the agent thread of the owning transport.
 */
final class TlsChannel implements ByteChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel socket;
    private final SSLEngine engine;
    // Invariant: netIn is in write mode (received ciphertext in [0, position)).
    private ByteBuffer netIn;
    // Invariant: netOut is in read mode (ciphertext not yet written in [position, limit)).
    private ByteBuffer netOut;
    // Invariant: appIn is in read mode (plaintext not yet delivered in [position, limit)).
    private ByteBuffer appIn;
    private boolean needMoreNetIn = true;
    private boolean inboundDone;
    private boolean open = true;

    TlsChannel(SocketChannel socket, SSLEngine engine) throws SSLException {
        this.socket = socket;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        int application = engine.getSession().getApplicationBufferSize();
        netIn = ByteBuffer.allocateDirect(packet);
        netOut = ByteBuffer.allocateDirect(packet).flip();
        appIn = ByteBuffer.allocateDirect(application).flip();
        // Without this the engine reports NOT_HANDSHAKING until its first wrap or unwrap.
        engine.beginHandshake();
    }

    /** Whether the TLS handshake is done (plaintext may flow). */
    boolean handshakeDone() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    /**
     * The certificate the other side presented (its own, the first of its chain), once the handshake is done.
     *
     * @throws SSLPeerUnverifiedException when the other side presented none that is an X.509 certificate
     */
    X509Certificate peerCertificate() throws SSLPeerUnverifiedException {
        Certificate[] chain = engine.getSession().getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate certificate)) {
            throw new SSLPeerUnverifiedException("the peer presented no X.509 certificate");
        }
        return certificate;
    }

    /**
     * The certificate chain the other side presented, its own first, once the handshake is done.
     *
     * @throws SSLPeerUnverifiedException before the handshake is done, or when the chain is not all X.509
     */
    X509Certificate[] peerCertificateChain() throws SSLPeerUnverifiedException {
        Certificate[] chain = engine.getSession().getPeerCertificates();
        X509Certificate[] result = new X509Certificate[chain.length];
        for (int i = 0; i < chain.length; i++) {
            if (!(chain[i] instanceof X509Certificate certificate)) {
                throw new SSLPeerUnverifiedException("the peer presented a certificate that is not X.509");
            }
            result[i] = certificate;
        }
        if (result.length == 0) {
            throw new SSLPeerUnverifiedException("the peer presented no certificate");
        }
        return result;
    }

    /** Whether a read would make progress without new bytes from the socket. */
    boolean hasBufferedInput() {
        return appIn.hasRemaining() || (netIn.position() > 0 && !needMoreNetIn && !inboundDone);
    }

    /** Whether ciphertext waits for the socket to become writable. */
    boolean wantsWrite() {
        return netOut.hasRemaining();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int delivered = drainAppIn(dst);
        while (dst.hasRemaining() && !inboundDone) {
            if (!driveHandshakeWrites()) {
                break;
            }
            if (needMoreNetIn) {
                if (!netIn.hasRemaining()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
                }
                int read = socket.read(netIn);
                if (read < 0) {
                    inboundDone = true;
                    break;
                }
                if (read == 0) {
                    break;
                }
                needMoreNetIn = false;
            }
            if (!unwrapOnce()) {
                break;
            }
            delivered += drainAppIn(dst);
        }
        if (delivered == 0 && inboundDone && !appIn.hasRemaining()) {
            return -1;
        }
        return delivered;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!flushNet() || !driveHandshakeWrites()) {
            return 0;
        }
        if (!handshakeDone()) {
            // The handshake waits for the peer's next flight: reading it makes progress.
            pumpHandshakeReads();
            if (!handshakeDone() || !flushNet()) {
                return 0;
            }
        }
        int consumed = 0;
        while (src.hasRemaining()) {
            netOut.compact();
            SSLEngineResult result;
            try {
                result = engine.wrap(src, netOut);
            } finally {
                netOut.flip();
            }
            consumed += result.bytesConsumed();
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS engine closed for writing");
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                if (netOut.hasRemaining()) {
                    if (!flushNet()) {
                        break;
                    }
                    continue;
                }
                netOut = grow(netOut, engine.getSession().getPacketBufferSize(), true);
                continue;
            }
            if (!flushNet() || !handshakeDone()) {
                break;
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                break;
            }
        }
        return consumed;
    }

    /**
     * Writes pending ciphertext to the socket.
     *
     * @return whether nothing is left pending
     */
    boolean flushNet() throws IOException {
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean isOpen() {
        return open && socket.isOpen();
    }

    /** Sends close_notify if the socket takes it at once, then closes the socket; idempotent. */
    @Override
    public void close() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                netOut.compact();
                SSLEngineResult result;
                try {
                    result = engine.wrap(EMPTY, netOut);
                } finally {
                    netOut.flip();
                }
                if (result.getStatus() != SSLEngineResult.Status.OK && result.getStatus() != SSLEngineResult.Status.CLOSED) {
                    break;
                }
                if (result.bytesProduced() == 0) {
                    break;
                }
            }
            flushNet();
        } catch (IOException | RuntimeException ignored) {
            // Best effort: the peer sees a TCP close without close_notify.
        } finally {
            socket.close();
        }
    }

    /** Reads and unwraps handshake flights until the handshake needs something else or the socket is empty. */
    private void pumpHandshakeReads() throws IOException {
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP && !inboundDone) {
            if (needMoreNetIn) {
                int read = socket.read(netIn);
                if (read <= 0) {
                    inboundDone = read < 0;
                    return;
                }
                needMoreNetIn = false;
            }
            if (!unwrapOnce() || !driveHandshakeWrites()) {
                return;
            }
        }
    }

    /**
     * Unwraps one record from netIn into appIn.
     *
     * @return whether to go on (progress was made or more input is needed and may be read)
     */
    private boolean unwrapOnce() throws IOException {
        netIn.flip();
        appIn.compact();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
            netIn.compact();
        }
        runDelegatedTasks();
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                needMoreNetIn = true;
                if (netIn.position() == netIn.capacity()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
                }
                return true;
            }
            case BUFFER_OVERFLOW -> {
                if (appIn.hasRemaining()) {
                    return false;
                }
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize(), true);
                return true;
            }
            case CLOSED -> {
                inboundDone = true;
                return false;
            }
            default -> {
                if (netIn.position() == 0) {
                    needMoreNetIn = true;
                }
                return result.bytesConsumed() > 0 || result.bytesProduced() > 0
                    || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
            }
        }
    }

    /**
     * Produces and writes the handshake flights the engine wants to send.
     *
     * @return false when ciphertext is left pending for a non-writable socket
     */
    private boolean driveHandshakeWrites() throws IOException {
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runDelegatedTasks();
            } else if (status == HandshakeStatus.NEED_WRAP) {
                if (!flushNet()) {
                    return false;
                }
                netOut.compact();
                SSLEngineResult result;
                try {
                    result = engine.wrap(EMPTY, netOut);
                } finally {
                    netOut.flip();
                }
                runDelegatedTasks();
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = grow(netOut, engine.getSession().getPacketBufferSize(), true);
                } else if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    flushNet();
                    throw new SSLException("TLS handshake closed by this side");
                }
            } else {
                return flushNet();
            }
        }
    }

    private void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private int drainAppIn(ByteBuffer dst) {
        int n = Math.min(appIn.remaining(), dst.remaining());
        if (n == 0) {
            return 0;
        }
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        return n;
    }

    /** A larger copy of {@code buffer}, keeping its mode; {@code readMode} tells which mode it is in. */
    private static ByteBuffer grow(ByteBuffer buffer, int atLeast, boolean readMode) {
        ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(atLeast, buffer.capacity() * 2));
        if (readMode) {
            bigger.put(buffer).flip();
        } else {
            buffer.flip();
            bigger.put(buffer);
        }
        return bigger;
    }
}
