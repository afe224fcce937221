package dev.coord.log.file;

import dev.coord.log.LogCorruptedException;
import dev.coord.testkit.fuzz.Fuzzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fuzzes {@link EpochFile#read}: a damaged file is reported as a {@link LogCorruptedException} naming it. */
class EpochFileFuzzTest {
    @TempDir
    Path dir;

    @Test
    void readThrowsOnlyLogCorruptedExceptionOnAnyFile() throws Exception {
        try (Fuzzer.Scratch scratch = Fuzzer.scratch(dir)) {
            fuzz(scratch.dir());
        }
    }

    private static void fuzz(Path dir) throws Exception {
        EpochFile epochs = new EpochFile(dir);
        epochs.write(new EpochFile.Epochs(7, 3, 6));
        byte[] valid = Files.readAllBytes(dir.resolve("epochs"));

        Fuzzer.run("EpochFile.read", List.of(valid), Fuzzer.inputs(2_000), input -> {
            Files.write(dir.resolve("epochs"), input);
            epochs.read();
        }, LogCorruptedException.class);
    }
}
