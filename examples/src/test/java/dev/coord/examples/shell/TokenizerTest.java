package dev.coord.examples.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenizerTest {
    @Test
    void shouldSplitWordsOnRunsOfSpacesAndTabs() {
        assertThat(Tokenizer.words("  ls \t -s   /a ")).containsExactly("ls", "-s", "/a");
    }

    @Test
    void shouldKeepSpacesInsideDoubleQuotes() {
        assertThat(Tokenizer.words("create /a \"hello  world\"")).containsExactly("create", "/a", "hello  world");
    }

    @Test
    void shouldTakeSingleQuotesLiterally() {
        assertThat(Tokenizer.words("set /a 'say \"hi\"; \\n'")).containsExactly("set", "/a", "say \"hi\"; \\n");
    }

    @Test
    void shouldUnescapeInsideDoubleQuotesAndKeepUnknownEscapes() {
        assertThat(Tokenizer.words("set /a \"q\\\" b\\\\ n\\n t\\t x\\y\""))
                .containsExactly("set", "/a", "q\" b\\ n\n t\t x\\y");
    }

    @Test
    void shouldEscapeOneCharacterWithABackslashOutsideQuotes() {
        assertThat(Tokenizer.words("create /a hello\\ world\\;")).containsExactly("create", "/a", "hello world;");
    }

    @Test
    void shouldMakeAnEmptyWordOfEmptyQuotesAndJoinAdjacentParts() {
        assertThat(Tokenizer.words("create /a \"\"")).containsExactly("create", "/a", "");
        assertThat(Tokenizer.words("create /a pre\"fix \"'post'")).containsExactly("create", "/a", "prefix post");
    }

    @Test
    void shouldSplitStatementsOnSemicolonsAndLineBreaksOutsideQuotes() {
        assertThat(Tokenizer.statements("create /a \"x;y\"; ls /\nget /a;;"))
                .containsExactly(List.of("create", "/a", "x;y"), List.of("ls", "/"), List.of("get", "/a"));
    }

    @Test
    void shouldIgnoreACommentThatStartsAWord() {
        assertThat(Tokenizer.statements("# setup\nls / # list\nget /a#b"))
                .containsExactly(List.of("ls", "/"), List.of("get", "/a#b"));
    }

    @Test
    void shouldGiveNoStatementForBlankInput() {
        assertThat(Tokenizer.statements("  ; \n ")).isEmpty();
        assertThat(Tokenizer.words("")).isEmpty();
    }

    @Test
    void shouldRejectAnUnterminatedQuoteOrATrailingBackslash() {
        assertThatThrownBy(() -> Tokenizer.statements("create /a \"hello")).isInstanceOf(UsageException.class)
                .hasMessage("unterminated \" quote");
        assertThatThrownBy(() -> Tokenizer.statements("create /a 'hello")).isInstanceOf(UsageException.class)
                .hasMessage("unterminated ' quote");
        assertThatThrownBy(() -> Tokenizer.statements("ls /a\\")).isInstanceOf(UsageException.class)
                .hasMessageContaining("backslash");
    }

    @Test
    void shouldRefuseSeveralStatementsWhereOneIsExpected() {
        assertThatThrownBy(() -> Tokenizer.words("ls /; ls /a")).isInstanceOf(UsageException.class)
                .hasMessage("expected one statement, found 2");
    }
}
