package dev.coord.tree;

import dev.coord.testkit.fuzz.Fuzzer;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fuzzes {@link SnapshotCodec#read}: malformed content must come out as an {@link IOException}, nothing else. */
class SnapshotCodecFuzzTest {

    @Test
    void readThrowsOnlyIOExceptionOnAnyInput() {
        Fuzzer.run("SnapshotCodec.read", corpus(), Fuzzer.inputs(30_000),
                input -> SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(input))),
                IOException.class);
    }

    @Test
    void readOfABufferThrowsOnlyIOExceptionOnAnyInput() {
        Fuzzer.run("SnapshotCodec.read(ByteBuffer)", corpus(), Fuzzer.inputs(30_000),
                input -> SnapshotCodec.read(java.nio.ByteBuffer.wrap(input)),
                IOException.class);
    }

    @Test
    void readOfABufferGivesTheTreeTheStreamGives() throws IOException {
        for (byte[] snapshot : corpus()) {
            DataTree streamed = SnapshotCodec.read(new DataInputStream(new ByteArrayInputStream(snapshot)));
            DataTree buffered = SnapshotCodec.read(java.nio.ByteBuffer.wrap(snapshot));
            org.assertj.core.api.Assertions.assertThat(buffered.digest()).isEqualTo(streamed.digest());
            org.assertj.core.api.Assertions.assertThat(buffered.toString()).isEqualTo(streamed.toString());
        }
        byte[] withTail = java.util.Arrays.copyOf(corpus().get(1), corpus().get(1).length + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SnapshotCodec.read(java.nio.ByteBuffer.wrap(withTail)))
                .isInstanceOf(IOException.class).hasMessageContaining("1 bytes follow");
    }

    /** Snapshots of an empty tree, and of trees with nodes of every kind and sessions. */
    static List<byte[]> corpus() {
        List<byte[]> corpus = new ArrayList<>();
        DataTree tree = DataTree.empty();
        corpus.add(encode(tree));
        long zxid = 0;
        tree = tree.apply(++zxid, 1_000, new Txn.CreateSession(5_000, 1)).tree();
        long session = zxid;
        tree = tree.apply(++zxid, 1_001, new Txn.Create("/a", new byte[]{1, 2, 3}, NodeKind.ofOrdinal(0), false, 0, 0)).tree();
        tree = tree.apply(++zxid, 1_002, new Txn.Create("/a/e", new byte[]{4}, NodeKind.ofOrdinal(1), false, session, 0)).tree();
        corpus.add(encode(tree));
        tree = tree.apply(++zxid, 1_003, new Txn.Create("/a/s-", new byte[0], NodeKind.ofOrdinal(0), true, 0, 0)).tree();
        tree = tree.apply(++zxid, 1_004, new Txn.Create("/c", new byte[]{7}, NodeKind.ofOrdinal(2), false, 0, 0)).tree();
        tree = tree.apply(++zxid, 1_005, new Txn.Create("/t", new byte[]{8}, NodeKind.ofOrdinal(3), false, 0, 60_000)).tree();
        tree = tree.apply(++zxid, 1_006, new Txn.SetData("/a", new byte[]{9, 9, 9, 9}, -1)).tree();
        corpus.add(encode(tree));
        return corpus;
    }

    static byte[] encode(DataTree tree) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            SnapshotCodec.write(tree, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
