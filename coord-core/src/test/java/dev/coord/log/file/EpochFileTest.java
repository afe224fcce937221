package dev.coord.log.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coord.log.LogCorruptedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EpochFileTest: epochs survive a write and a read; a damaged file is a {@link LogCorruptedException} naming it. */
class EpochFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadZerosWhenAbsentAndWhatWasWritten() {
        EpochFile epochs = new EpochFile(dir);
        assertThat(epochs.read()).isEqualTo(new EpochFile.Epochs(0, 0, 0));
        epochs.write(new EpochFile.Epochs(7, 3, 6));
        assertThat(epochs.read()).isEqualTo(new EpochFile.Epochs(7, 3, 6));
    }

    @Test
    void shouldReportAFileThatFailsItsChecksum() throws Exception {
        EpochFile epochs = new EpochFile(dir);
        epochs.write(new EpochFile.Epochs(7, 3, 6));
        byte[] bytes = Files.readAllBytes(epochs.file());
        bytes[5] ^= 0x10;
        Files.write(epochs.file(), bytes);
        assertThatThrownBy(epochs::read).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(epochs.file().toString()).hasMessageContaining("fails its checksum");
    }

    @Test
    void shouldReportAFileOfTheWrongSize() throws Exception {
        EpochFile epochs = new EpochFile(dir);
        epochs.write(new EpochFile.Epochs(7, 3, 6));
        Files.write(epochs.file(), Arrays.copyOf(Files.readAllBytes(epochs.file()), 11));
        assertThatThrownBy(epochs::read).isInstanceOf(LogCorruptedException.class)
                .hasMessageContaining(epochs.file().toString()).hasMessageContaining("has 11 bytes, expected 24");
    }
}
