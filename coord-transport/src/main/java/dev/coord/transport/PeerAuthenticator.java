package dev.coord.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * PeerAuthenticator is the extension point that decides whether the remote end of a handshake is the peer
 * it claims to be, through opaque auth bytes carried in each HELLO (see {@link HelloDescriptor}).
 *
 * <p>It runs after the identity checks (protocol version, cluster name, known peer id, dialing direction)
 * have passed; a refusal closes the connection like any other unauthenticated frame.
 *
 * <p>NB: a challenge/response MAC needs one more leg than HELLO and reply carry today: the dialer's HELLO
 * carries its nonce, the reply carries the acceptor's proof and nonce, and a third frame (a new frame type)
 * carries the dialer's proof, with the acceptor announcing the connection only after checking it. The
 * issue that adds the MAC extends this interface and {@link Handshake} accordingly.
 *
 * <p>Threading: called on the agent thread of the transport that owns it.
 */
public interface PeerAuthenticator {

    /** No authentication: writes no auth bytes and admits only HELLOs that carry none. */
    PeerAuthenticator NONE = new PeerAuthenticator() {
        @Override
        public int writeHelloAuth(int selfId, int remotePeerId, MutableDirectBuffer buffer, int offset) {
            return 0;
        }

        @Override
        public String rejectHelloAuth(int remotePeerId, DirectBuffer buffer, int offset, int length) {
            return length == 0 ? null : "unexpected authentication data (" + length + " bytes)";
        }
    };

    /**
     * Writes this side's auth bytes for a HELLO to {@code remotePeerId}, at most
     * {@link HelloDescriptor#MAX_AUTH_BYTES}.
     *
     * @return the number of bytes written
     */
    int writeHelloAuth(int selfId, int remotePeerId, MutableDirectBuffer buffer, int offset);

    /** Returns null when the auth bytes of {@code remotePeerId}'s HELLO admit it, else the reason it does not. */
    String rejectHelloAuth(int remotePeerId, DirectBuffer buffer, int offset, int length);
}
