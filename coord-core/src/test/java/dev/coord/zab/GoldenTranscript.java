package dev.coord.zab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GoldenTranscript compares a scenario's transcript with {@code src/test/resources/scenarios/<name>.txt}.
 * The harness is deterministic, so any difference is a change of protocol behaviour: read the diff,
 * and if the change is intended, regenerate the files with {@code -Dcoord.golden.update=true}.
 */
final class GoldenTranscript {
    private static final Path DIR = Path.of("src/test/resources/scenarios");

    private GoldenTranscript() {
    }

    static void check(String testName, List<String> transcript) throws IOException {
        Path file = DIR.resolve(snakeCase(testName) + ".txt");
        String actual = String.join("\n", transcript) + "\n";
        if (Boolean.getBoolean("coord.golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("golden transcript %s (generate it with -Dcoord.golden.update=true)", file).exists();
        assertThat(actual).as("transcript of %s", testName).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static String snakeCase(String camel) {
        String name = camel.startsWith("should") ? camel.substring("should".length()) : camel;
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2").toLowerCase();
    }
}
