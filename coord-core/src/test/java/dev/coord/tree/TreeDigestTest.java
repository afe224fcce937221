package dev.coord.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** TreeDigestTest pins {@link TreeDigest#hashData}: stored digests must keep verifying whatever its code. */
class TreeDigestTest {

    @Test
    void shouldHashDataAsTheByteWiseDefinitionDoes() {
        qt().forAll(integers().between(0, 300), longs().all()).checkAssert((length, seed) -> {
            byte[] data = new byte[length];
            new Random(seed).nextBytes(data);
            assertThat(TreeDigest.hashData(data)).isEqualTo(byteWise(data));
        });
    }

    /** The definition: FNV-1a over little-endian 8-byte words (each then folded), the tail byte by byte, mixed. */
    private static long byteWise(byte[] data) {
        long h = 0x9E3779B97F4A7C15L ^ data.length;
        int i = 0;
        for (; i + 8 <= data.length; i += 8) {
            long word = 0;
            for (int b = 7; b >= 0; b--) {
                word = word << 8 | (data[i + b] & 0xFFL);
            }
            h = (h ^ word) * 0x100000001B3L;
            h ^= h >>> 29;
        }
        for (; i < data.length; i++) {
            h = (h ^ (data[i] & 0xFF)) * 0x100000001B3L;
        }
        return TreeDigest.mix(h);
    }
}
