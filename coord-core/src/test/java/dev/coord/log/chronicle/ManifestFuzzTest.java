package dev.coord.log.chronicle;

import dev.coord.log.LogCorruptedException;
import dev.coord.testkit.fuzz.Fuzzer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link Manifest#decode}, half the inputs with their checksum made valid again so that the
 * checks behind it are reached: only {@link LogCorruptedException} may come out.
 */
class ManifestFuzzTest {
    private static final Path FILE = Path.of("fuzzed-manifest");

    @Test
    void decodeThrowsOnlyLogCorruptedExceptionOnAnyInput() {
        List<byte[]> corpus = List.of(
                Manifest.empty().encode(),
                Manifest.empty().withAppended(new Manifest.Entry(1, Manifest.OPEN)).encode(),
                new Manifest(9, List.of(new Manifest.Entry(3, 0x1_0000_0005L), new Manifest.Entry(5, 0x2_0000_0001L),
                        new Manifest.Entry(8, Manifest.OPEN))).encode());

        Fuzzer.run("Manifest.decode", corpus, Fuzzer.inputs(100_000),
                input -> Manifest.decode((input.length & 1) == 0 ? withValidChecksum(input) : input, FILE),
                LogCorruptedException.class);
    }

    static byte[] withValidChecksum(byte[] bytes) {
        if (bytes.length < 4) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        CRC32C crc = new CRC32C();
        crc.update(copy, 0, copy.length - 4);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(copy.length - 4, (int) crc.getValue());
        return copy;
    }
}
