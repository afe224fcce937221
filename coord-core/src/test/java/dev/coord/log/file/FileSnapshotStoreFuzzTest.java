package dev.coord.log.file;

import dev.coord.log.LogCorruptedException;
import dev.coord.testkit.fuzz.Fuzzer;
import dev.coord.tree.DataTree;
import dev.coord.txn.NodeKind;
import dev.coord.txn.Txn;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes {@link FileSnapshotStore#load} with damaged snapshot files: half of them with a trailer made
 * valid again for the damaged body (as if written so), so that the decoder behind the checksum is
 * reached. The only outcome allowed besides a tree is {@link LogCorruptedException}.
 */
class FileSnapshotStoreFuzzTest {
    private static final long TRAILER_MAGIC = 0x534E41504352432EL;
    private static final int TRAILER_BYTES = 24;

    @TempDir
    Path dir;

    @Test
    void loadThrowsOnlyLogCorruptedExceptionOnAnyFile() throws IOException {
        try (Fuzzer.Scratch scratch = Fuzzer.scratch(dir)) {
            fuzz(new FileSnapshotStore(scratch.dir()));
        }
    }

    @Test
    void loadThrowsOnlyLogCorruptedExceptionOnAnyFileWhenStreaming() throws IOException {
        try (Fuzzer.Scratch scratch = Fuzzer.scratch(dir)) {
            fuzz(new FileSnapshotStore(scratch.dir(), 0));
        }
    }

    private static void fuzz(FileSnapshotStore store) throws IOException {
        DataTree tree = DataTree.empty();
        tree = tree.apply(1, 1_000, new Txn.Create("/a", new byte[]{1, 2, 3}, NodeKind.ofOrdinal(0), false, 0, 0)).tree();
        tree = tree.apply(2, 1_001, new Txn.Create("/a/b", new byte[]{4, 5}, NodeKind.ofOrdinal(0), false, 0, 0)).tree();
        store.save(tree);
        Path file = store.file(2);
        byte[] valid = Files.readAllBytes(file);

        Fuzzer.run("FileSnapshotStore.load", List.of(valid), Fuzzer.inputs(2_000), input -> {
            Files.write(file, (input.length & 1) == 0 ? withValidTrailer(input) : input);
            store.load(2);
        }, LogCorruptedException.class);
    }

    /** The body of {@code file} (its bytes before a trailer, if long enough) with a trailer that matches it. */
    static byte[] withValidTrailer(byte[] file) {
        int bodyLength = Math.max(0, file.length - TRAILER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(file, 0, bodyLength);
        return ByteBuffer.allocate(bodyLength + TRAILER_BYTES).put(file, 0, bodyLength)
                .putLong(crc.getValue()).putLong(bodyLength).putLong(TRAILER_MAGIC).array();
    }
}
