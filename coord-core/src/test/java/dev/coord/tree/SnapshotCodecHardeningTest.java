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
        int dataLengthAt = dataLengthOffset(valid, new byte[]{1, 2, 3});   // node /a's data in the corpus
        ByteBuffer.wrap(damaged).putInt(dataLengthAt, (1 << 30) - 1);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        assertThatThrownBy(() -> SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(damaged))))
                .isInstanceOf(EOFException.class);

        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(8L << 20);
    }

    /**
     * The offset of the length field written just before {@code data} (a node's data length, then its
     * bytes), found by searching, so the test does not depend on what precedes the nodes (sessions,
     * the ACL table of format 2).
     */
    private static int dataLengthOffset(byte[] snapshot, byte[] data) {
        byte[] needle = ByteBuffer.allocate(4 + data.length).putInt(data.length).put(data).array();
        for (int at = 0; at + needle.length <= snapshot.length; at++) {
            if (java.util.Arrays.equals(snapshot, at, at + needle.length, needle, 0, needle.length)) {
                return at;
            }
        }
        throw new AssertionError("data " + java.util.Arrays.toString(data) + " not found in the snapshot");
    }
}
