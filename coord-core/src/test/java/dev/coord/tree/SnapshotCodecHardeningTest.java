package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Regressions found by {@link SnapshotCodecFuzzTest}. */
class SnapshotCodecHardeningTest {

    /**
     * Found by the fuzzer: a node's data length damaged to nearly 1 GiB made {@code read} allocate that
     * much before finding the stream short (about 0.5 ms and up to a GiB per such input; an
     * OutOfMemoryError on a small heap).
     */
    @Test
    void aHugeDataLengthInAShortSnapshotFailsWithoutAllocatingIt() {
        byte[] valid = SnapshotCodecFuzzTest.corpus().get(1);
        byte[] damaged = valid.clone();
        int dataLengthAt = firstDataLengthOffset(valid);
        ByteBuffer.wrap(damaged).putInt(dataLengthAt, (1 << 30) - 1);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(damaged))))
                .isInstanceOf(EOFException.class);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(8L << 20);
    }

    /** The offset of the first node's data length: after the root path, whose length says where it ends. */
    private static int firstDataLengthOffset(byte[] snapshot) {
        ByteBuffer b = ByteBuffer.wrap(snapshot);
        int at = 8 + 4 + 8 + 8;
        int sessions = b.getInt(at);
        at += 4 + sessions * (8 + 8 + 4);
        at += 4;
        int pathLength = b.getInt(at);
        return at + 4 + pathLength;
    }
}
