package dev.coord.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
    private static final int MAX_FRAME_BYTES = 64 * 1024;
    private static final int MAX_PAYLOAD_BYTES = MAX_FRAME_BYTES - FrameDescriptor.HEADER_LENGTH;

    @Test
    void shouldRoundTripFramesOfEverySizeUpToTheMaximumThroughSmallReads() throws IOException {
        int[] sizes = {0, 1, 7, 100, 4096, MAX_PAYLOAD_BYTES - 1, MAX_PAYLOAD_BYTES, 3};
        Random random = new Random(42);
        List<byte[]> sent = new ArrayList<>();
        OutboundBuffer out = new OutboundBuffer(4 * MAX_FRAME_BYTES);
        for (int size : sizes) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            sent.add(payload);
            assertThat(out.append(FrameDescriptor.TYPE_MESSAGE, new UnsafeBuffer(payload), 0, size)).isTrue();
        }
        byte[] wire = drain(out);

        List<byte[]> received = readAll(new TricklingChannel(wire, 997), MAX_FRAME_BYTES);

        assertThat(received).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).as("frame %d", i).isEqualTo(sent.get(i));
        }
    }

    @Test
    void shouldKeepFramesWholeAndInOrderWhenTheChannelTakesOnlyAFewBytesPerWrite() throws IOException {
        OutboundBuffer out = new OutboundBuffer(MAX_FRAME_BYTES);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel stingy = new StingyChannel(Channels.newChannel(bytes), 7);
        for (int i = 0; i < 300; i++) {
            assertThat(out.append(FrameDescriptor.TYPE_MESSAGE, Frames.sequenced(i, 24), 0, 24)).isTrue();
            out.flushTo(stingy);
        }
        while (!out.isEmpty()) {
            out.flushTo(stingy);
        }

        List<byte[]> received = readAll(new TricklingChannel(bytes.toByteArray(), 5), MAX_FRAME_BYTES);

        assertThat(received).hasSize(300);
        for (int i = 0; i < received.size(); i++) {
            assertThat(new UnsafeBuffer(received.get(i)).getLong(0, ByteOrder.LITTLE_ENDIAN)).isEqualTo(i);
        }
    }

    @Test
    void shouldRefuseToQueueAFrameBeyondTheBoundAndNeverGrowPastIt() {
        int limit = 10_000;
        OutboundBuffer out = new OutboundBuffer(limit);
        UnsafeBuffer payload = new UnsafeBuffer(new byte[988]);
        int accepted = 0;
        while (out.append(FrameDescriptor.TYPE_MESSAGE, payload, 0, 988)) {
            accepted++;
        }

        assertThat(accepted).isEqualTo(10);
        assertThat(out.queuedBytes()).isEqualTo(10_000);
        assertThat(out.capacity()).isLessThanOrEqualTo(limit);
    }

    @Test
    void shouldRejectAFrameLongerThanTheMaximumAsSoonAsItsHeaderArrives() throws IOException {
        FrameReader reader = new FrameReader(1024, MAX_FRAME_BYTES);
        reader.readFrom(Channels.newChannel(new ByteArrayInputStream(Frames.headerOnly(MAX_PAYLOAD_BYTES + 1))));

        assertThat(reader.hasBufferedFrame()).isTrue();
        assertThat(reader.next()).isEqualTo(FrameReader.INVALID);
        assertThat(reader.invalidReason()).contains("exceeds the maximum");
    }

    @Test
    void shouldRejectANegativeLength() throws IOException {
        FrameReader reader = new FrameReader(1024, MAX_FRAME_BYTES);
        reader.readFrom(Channels.newChannel(new ByteArrayInputStream(Frames.headerOnly(-5))));

        assertThat(reader.next()).isEqualTo(FrameReader.INVALID);
    }

    @Test
    void shouldRejectAFrameWhoseChecksumDoesNotMatch() throws IOException {
        byte[] frame = Frames.corrupted(Frames.frame(FrameDescriptor.TYPE_MESSAGE, new byte[]{1, 2, 3, 4}));
        FrameReader reader = new FrameReader(1024, MAX_FRAME_BYTES);
        reader.readFrom(Channels.newChannel(new ByteArrayInputStream(frame)));

        assertThat(reader.next()).isEqualTo(FrameReader.INVALID);
        assertThat(reader.invalidReason()).isEqualTo("bad checksum");
    }

    @Test
    void shouldRejectAFrameOfUnknownTypeEvenWithAGoodChecksum() throws IOException {
        byte[] frame = Frames.frame((byte) 77, new byte[]{9});
        FrameReader reader = new FrameReader(1024, MAX_FRAME_BYTES);
        reader.readFrom(Channels.newChannel(new ByteArrayInputStream(frame)));

        assertThat(reader.next()).isEqualTo(FrameReader.INVALID);
        assertThat(reader.invalidReason()).contains("unknown frame type 77");
    }

    @Test
    void shouldWaitForTheRestOfAFrameThatIsOnlyPartlyReceived() throws IOException {
        byte[] frame = Frames.frame(FrameDescriptor.TYPE_MESSAGE, new byte[100]);
        FrameReader reader = new FrameReader(1024, MAX_FRAME_BYTES);
        ReadableByteChannel channel = new TricklingChannel(frame, 60);

        reader.readFrom(channel);
        assertThat(reader.next()).isEqualTo(FrameReader.NEED_MORE);
        reader.readFrom(channel);
        reader.readFrom(channel);
        assertThat(reader.next()).isEqualTo(FrameReader.FRAME);
        assertThat(reader.payloadLength()).isEqualTo(100);
    }

    private static byte[] drain(OutboundBuffer out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(bytes);
        while (!out.isEmpty()) {
            out.flushTo(channel);
        }
        return bytes.toByteArray();
    }

    private static List<byte[]> readAll(ReadableByteChannel channel, int maxFrameBytes) throws IOException {
        FrameReader reader = new FrameReader(256, maxFrameBytes);
        List<byte[]> frames = new ArrayList<>();
        while (true) {
            int status;
            while ((status = reader.next()) == FrameReader.FRAME) {
                byte[] payload = new byte[reader.payloadLength()];
                reader.buffer().getBytes(reader.payloadOffset(), payload);
                frames.add(payload);
            }
            assertThat(status).isEqualTo(FrameReader.NEED_MORE);
            if (reader.readFrom(channel) < 0) {
                return frames;
            }
        }
    }

    /** A channel that hands out at most {@code chunkBytes} per read. */
    private static final class TricklingChannel implements ReadableByteChannel {
        private final ByteBuffer source;
        private final int chunkBytes;

        TricklingChannel(byte[] bytes, int chunkBytes) {
            this.source = ByteBuffer.wrap(bytes);
            this.chunkBytes = chunkBytes;
        }

        @Override
        public int read(ByteBuffer destination) {
            if (!source.hasRemaining()) {
                return -1;
            }
            int n = Math.min(chunkBytes, Math.min(source.remaining(), destination.remaining()));
            ByteBuffer slice = source.slice();
            slice.limit(n);
            destination.put(slice);
            source.position(source.position() + n);
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

    /** A channel that accepts at most {@code chunkBytes} per write. */
    private static final class StingyChannel implements WritableByteChannel {
        private final WritableByteChannel target;
        private final int chunkBytes;

        StingyChannel(WritableByteChannel target, int chunkBytes) {
            this.target = target;
            this.chunkBytes = chunkBytes;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            ByteBuffer slice = source.slice();
            slice.limit(Math.min(chunkBytes, slice.remaining()));
            int written = target.write(slice);
            source.position(source.position() + written);
            return written;
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
