package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
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

        assertThat(peer2.rejectFromAcceptor(1, buffer, 0, length)).isNull();
        assertThat(peer2.rejectFromAcceptor(3, buffer, 0, length)).contains("dialed peer 3 but peer 1 answered");
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
        PeerAuthenticator token = new PeerAuthenticator() {
            @Override
            public int writeHelloAuth(int selfId, int remotePeerId, MutableDirectBuffer buffer, int offset) {
                buffer.putInt(offset, 0xC0FFEE);
                return 4;
            }

            @Override
            public String rejectHelloAuth(int remotePeerId, DirectBuffer buffer, int offset, int length) {
                return length == 4 && buffer.getInt(offset) == 0xC0FFEE ? null : "wrong token";
            }
        };
        Handshake peer3 = new Handshake(3, TestPeers.CLUSTER, new int[]{2}, token);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
        int length = peer3.writeHello(buffer, 0, 2);

        assertThat(peer2.rejectFromDialer(buffer, 0, length)).contains("unexpected authentication data");
        assertThat(new Handshake(2, TestPeers.CLUSTER, MEMBERS_OF_2, token).rejectFromDialer(buffer, 0, length))
            .isNull();
    }

    private String rejectFromDialer(byte[] hello) {
        return peer2.rejectFromDialer(new UnsafeBuffer(hello), 0, hello.length);
    }
}
