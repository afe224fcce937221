package dev.coord.transport;

/**
 * HandshakeTranscript is what both ends of one authenticated handshake agree on, and what each side's
 * proof of membership is computed over: the cluster, both peer ids and both fresh nonces.
 *
 * <p>Because each side contributes a fresh random nonce, a proof is bound to one connection: a captured
 * handshake replayed later meets a new nonce and its proof no longer verifies.
 *
 * @param clusterName   the cluster both sides claim
 * @param dialerId      the peer that dialed (the higher id)
 * @param acceptorId    the peer that accepted
 * @param dialerNonce   the dialer's nonce, sent in its HELLO
 * @param acceptorNonce the acceptor's nonce, sent in its HELLO reply
 */
public record HandshakeTranscript(
    String clusterName, int dialerId, int acceptorId, byte[] dialerNonce, byte[] acceptorNonce) {
}
