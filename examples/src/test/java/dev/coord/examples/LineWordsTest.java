package dev.coord.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** LineWordsTest checks how a command line splits into words and raw data. */
class LineWordsTest {
    @Test
    void shouldSkipRunsOfSeparatorsBetweenWords() {
        LineWords w = new LineWords("  create \t-e   /a");
        assertThat(w.next()).isEqualTo("create");
        assertThat(w.next()).isEqualTo("-e");
        assertThat(w.next()).isEqualTo("/a");
        assertThat(w.next()).isNull();
        assertThat(w.atEnd()).isTrue();
    }

    @Test
    void shouldKeepTheRestAfterTheOneSeparatorEndingTheWord() {
        LineWords w = new LineWords("set /a   three spaces ");
        w.next();
        w.next();
        assertThat(w.rest()).isEqualTo("  three spaces ");
        assertThat(w.atEnd()).isTrue();
    }

    @Test
    void shouldGiveEmptyRestAtTheEndOfTheLine() {
        LineWords w = new LineWords("set /a");
        w.next();
        w.next();
        assertThat(w.rest()).isEmpty();
    }

    @Test
    void shouldSeeTrailingSeparatorsAsTheEnd() {
        LineWords w = new LineWords("ls /  ");
        w.next();
        w.next();
        assertThat(w.atEnd()).isTrue();
    }

    @Test
    void shouldSkipTheNextWordOnlyWhenItMatches() {
        LineWords w = new LineWords("set -v 3 /a data");
        assertThat(w.next()).isEqualTo("set");
        assertThat(w.skipIf("-s")).isFalse();
        assertThat(w.skipIf("-v")).isTrue();
        assertThat(w.next()).isEqualTo("3");
        assertThat(w.skipIf("-v")).isFalse();
        assertThat(w.next()).isEqualTo("/a");
        assertThat(w.rest()).isEqualTo("data");
        assertThat(w.skipIf("-v")).isFalse();
    }
}
