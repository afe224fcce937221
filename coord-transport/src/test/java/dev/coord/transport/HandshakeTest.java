package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final int[] MEMBERS_OF_2 = {1, 3};
    private final Handshake peer2 = new Handshake(2, TestPeers.CLUSTER, MEMBERS_OF_2, PeerAuthenticator.NONE);

    @Test
    void shouldAdmitAHelloThatAHigherKnownPeerWroteForUs() {
        Handshake peer3 = new Handshake(3, TestPeers.CLUSTER, new int[]{1, 2}, PeerAuthenticator.NONE);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
        int length = peer3.writeHello(buffer, 0, 2);

        assertThat(peer2.rejectFromDialer(buffer, 0, length)).isNull();
    }

    @Test
    void shouldAdmitTheReplyOfThePeerItDialed() {
        Handshake peer1 = new Handshake(1, TestPeers.CLUSTER, new int[]{2, 3}, PeerAuthenticator.NONE);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
        int length = peer1.writeHello(buffer, 0, 2);

        assertThat(peer2.rejectFromAcceptor(1, buffer, 0, length, new byte[0])).isNull();
        assertThat(peer2.rejectFromAcceptor(3, buffer, 0, length, new byte[0])).contains("dialed peer 3 but peer 1 answered");
    }

    @Test
    void shouldRejectAnotherClusterName() {
        assertThat(rejectFromDialer(Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 3, 2, "other")))
            .contains("cluster name 'other'");
    }

    @Test
    void shouldRejectAnotherProtocolVersion() {
        assertThat(rejectFromDialer(Frames.hello(2, 3, 2, TestPeers.CLUSTER))).contains("protocol version 2");
    }

    @Test
    void shouldRejectAnUnknownPeerId() {
        assertThat(rejectFromDialer(Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 9, 2, TestPeers.CLUSTER)))
            .contains("unknown peer id 9");
    }

    @Test
    void shouldRejectALowerPeerDialingAHigherOne() {
        assertThat(rejectFromDialer(Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 1, 2, TestPeers.CLUSTER)))
            .contains("only a higher id dials");
    }

    @Test
    void shouldRejectAHelloAddressedToAnotherPeer() {
        assertThat(rejectFromDialer(Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 3, 1, TestPeers.CLUSTER)))
            .contains("addressed to peer 1");
    }

    @Test
    void shouldRejectAHelloWhoseLengthsDoNotAddUp() {
        byte[] hello = Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 3, 2, TestPeers.CLUSTER);
        UnsafeBuffer buffer = new UnsafeBuffer(hello);

        assertThat(peer2.rejectFromDialer(buffer, 0, hello.length - 1)).contains("lengths add up");
        assertThat(peer2.rejectFromDialer(buffer, 0, 10)).contains("shorter than its fixed fields");
    }

    @Test
    void shouldRejectAuthBytesWhenNoAuthenticationIsConfigured() {
        Handshake peer3 = new Handshake(3, TestPeers.CLUSTER, new int[]{2}, secret("a-shared-secret-of-32-bytes....."));
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
        int length = peer3.writeDialerHello(buffer, 0, 2, peer3.newNonce());

        assertThat(peer2.rejectFromDialer(buffer, 0, length)).contains("unexpected authentication data");
    }

    @Test
    void shouldRejectAHelloWithoutNonceWhenASecretIsConfigured() {
        Handshake secured2 = new Handshake(2, TestPeers.CLUSTER, MEMBERS_OF_2, secret("a-shared-secret-of-32-bytes....."));
        byte[] hello = Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 3, 2, TestPeers.CLUSTER);

        assertThat(secured2.rejectFromDialer(new UnsafeBuffer(hello), 0, hello.length))
            .contains("0 bytes of authentication data, expected 32");
    }

    @Test
    void shouldCompleteTheThreeLegExchangeWhenBothSidesShareASecret() {
        String shared = "a-shared-secret-of-32-bytes.....";
        Handshake dialer = new Handshake(3, TestPeers.CLUSTER, new int[]{2}, secret(shared));
        Handshake acceptor = new Handshake(2, TestPeers.CLUSTER, MEMBERS_OF_2, secret(shared, "an-older-secret-16"));
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);

        byte[] dialerNonce = dialer.newNonce();
        int helloLength = dialer.writeDialerHello(buffer, 0, 2, dialerNonce);
        assertThat(acceptor.rejectFromDialer(buffer, 0, helloLength)).isNull();
        byte[] receivedDialerNonce = Handshake.nonceOf(buffer, 0, Handshake.NONCE_BYTES);
        assertThat(receivedDialerNonce).isEqualTo(dialerNonce);

        byte[] acceptorNonce = acceptor.newNonce();
        int replyLength = acceptor.writeAcceptorHello(buffer, 0, 3, receivedDialerNonce, acceptorNonce);
        assertThat(dialer.rejectFromAcceptor(2, buffer, 0, replyLength, dialerNonce)).isNull();

        int proofLength = dialer.writeProof(buffer, 0, 2, dialerNonce, acceptorNonce);
        assertThat(acceptor.rejectProof(3, receivedDialerNonce, acceptorNonce, buffer, 0, proofLength)).isNull();
        assertThat(acceptor.rejectProof(3, receivedDialerNonce, acceptor.newNonce(), buffer, 0, proofLength))
            .contains("does not verify");
    }

    @Test
    void shouldRejectAnAcceptorProofMadeWithAnotherSecret() {
        Handshake dialer = new Handshake(3, TestPeers.CLUSTER, new int[]{2}, secret("the-right-secret-16"));
        Handshake rogue = new Handshake(2, TestPeers.CLUSTER, MEMBERS_OF_2, secret("the-wrong-secret-16"));
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
        byte[] dialerNonce = dialer.newNonce();

        int replyLength = rogue.writeAcceptorHello(buffer, 0, 3, dialerNonce, rogue.newNonce());

        assertThat(dialer.rejectFromAcceptor(2, buffer, 0, replyLength, dialerNonce)).contains("does not verify");
    }

    @Test
    void shouldNotAcceptTheAcceptorsProofReflectedAsTheDialers() {
        SharedSecretAuthenticator auth = secret("one-secret-for-both-sides");
        HandshakeTranscript transcript = new HandshakeTranscript(TestPeers.CLUSTER, 3, 2, new byte[32], new byte[32]);

        assertThat(auth.verify(transcript, true, auth.prove(transcript, false))).isFalse();
        assertThat(auth.verify(transcript, true, auth.prove(transcript, true))).isTrue();
    }

    static SharedSecretAuthenticator secret(String... secrets) {
        return new SharedSecretAuthenticator(java.util.Arrays.stream(secrets)
            .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList());
    }

    private String rejectFromDialer(byte[] hello) {
        return peer2.rejectFromDialer(new UnsafeBuffer(hello), 0, hello.length);
    }
}
