package dev.coord.transport;

import dev.coord.testkit.fuzz.Fuzzer;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the receive side of a connection: {@link FrameReader} cutting frames out of a byte stream that
 * arrives in chunks of any size, and {@link Handshake} judging HELLO and PROOF payloads. Neither may throw:
 * bad input is an INVALID status or a refusal reason, which closes the connection.
 */
class FrameReaderFuzzTest {
    private static final int MAX_FRAME_BYTES = 4096;

    @Test
    void frameReaderNeverThrowsAndAlwaysFinishesOnAnyStream() {
        Fuzzer.run("FrameReader", List.of(validStream()), Fuzzer.inputs(100_000), input -> {
            FrameReader reader = new FrameReader(64, MAX_FRAME_BYTES);
            ChunkedChannel channel = new ChunkedChannel(input);
            while (true) {
                int read = reader.readFrom(channel);
                int status;
                int frames = 0;
                while ((status = reader.next()) == FrameReader.FRAME) {
                    frames++;
                    if (reader.frameType() == FrameDescriptor.TYPE_HELLO) {
                        reader.maxFrameBytes(MAX_FRAME_BYTES);
                    }
                }
                if (status == FrameReader.INVALID || read < 0) {
                    return;
                }
                if (read == 0 && frames == 0 && channel.remaining() > 0) {
                    throw new AssertionError("no progress with " + channel.remaining() + " bytes left to read");
                }
            }
        });
    }

    @Test
    void handshakeNeverThrowsOnAnyHelloOrProof() {
        SharedSecretAuthenticator secret = new SharedSecretAuthenticator(List.of("fuzzing-secret-0123456789".getBytes()));
        Handshake plain = new Handshake(2, TestPeers.CLUSTER, new int[]{1, 3}, PeerAuthenticator.NONE);
        Handshake secured = new Handshake(2, TestPeers.CLUSTER, new int[]{1, 3}, secret);
        Handshake dialer = new Handshake(3, TestPeers.CLUSTER, new int[]{1, 2}, secret);
        UnsafeBuffer buffer = new UnsafeBuffer(new byte[HelloDescriptor.MAX_LENGTH]);
        int dialerHello = dialer.writeDialerHello(buffer, 0, 2, dialer.newNonce());
        byte[] securedHello = Arrays.copyOf(buffer.byteArray(), dialerHello);
        int reply = secured.writeAcceptorHello(buffer, 0, 3, new byte[32], secured.newNonce());
        byte[] securedReply = Arrays.copyOf(buffer.byteArray(), reply);
        byte[] plainHello = Frames.hello(HelloDescriptor.PROTOCOL_VERSION, 3, 2, TestPeers.CLUSTER);
        byte[] nonce = new byte[32];

        Fuzzer.run("Handshake", List.of(securedHello, securedReply, plainHello, new byte[32]), Fuzzer.inputs(100_000),
            input -> {
                UnsafeBuffer payload = new UnsafeBuffer(input);
                plain.rejectFromDialer(payload, 0, input.length);
                secured.rejectFromDialer(payload, 0, input.length);
                plain.rejectFromAcceptor(3, payload, 0, input.length, new byte[0]);
                dialer.rejectFromAcceptor(2, payload, 0, input.length, nonce);
                secured.rejectProof(3, nonce, nonce, payload, 0, input.length);
            });
    }

    /** HELLO, PROOF, messages and a heartbeat, as one connection would carry them. */
    private static byte[] validStream() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(Frames.helloFrame(4, 2));
        stream.writeBytes(Frames.frame(FrameDescriptor.TYPE_PROOF, new byte[32]));
        stream.writeBytes(Frames.frame(FrameDescriptor.TYPE_MESSAGE, new byte[]{7, 1, 2, 3, 4, 5, 6, 7, 8}));
        stream.writeBytes(Frames.frame(FrameDescriptor.TYPE_HEARTBEAT, new byte[0]));
        stream.writeBytes(Frames.frame(FrameDescriptor.TYPE_MESSAGE, new byte[700]));
        return stream.toByteArray();
    }

    /** A channel that hands out {@code bytes} in chunks whose sizes follow from the bytes themselves. */
    private static final class ChunkedChannel implements ReadableByteChannel {
        private final byte[] bytes;
        private int position;

        ChunkedChannel(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - position;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position == bytes.length) {
                return -1;
            }
            int chunk = 1 + ((bytes[position] & 0xFF) * 7 + position) % 300;
            int n = Math.min(Math.min(chunk, dst.remaining()), remaining());
            dst.put(bytes, position, n);
            position += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
