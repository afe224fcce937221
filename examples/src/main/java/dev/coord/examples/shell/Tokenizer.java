package dev.coord.examples.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokenizer splits shell input into statements and each statement into words, as a POSIX shell does
 * for the simple cases people type.
 *
 * <ul>
 * <li>Words are separated by spaces or tabs; statements by {@code ;} or a line break.</li>
 * <li>{@code "..."} quotes spaces and {@code ;}; inside it {@code \"}, {@code \\}, {@code \n} and
 *     {@code \t} are escapes, any other backslash is kept as is.</li>
 * <li>{@code '...'} quotes everything literally.</li>
 * <li>Outside quotes a backslash takes the next character literally.</li>
 * <li>{@code #} at the start of a word, outside quotes, comments out the rest of the line.</li>
 * <li>Quotes may join a word ({@code a"b c"} is one word {@code ab c}); {@code ""} is an empty word.</li>
 * </ul>
 *
 * <p>Empty statements are dropped. Stateless and thread-safe.
 */
final class Tokenizer {
    private Tokenizer() {
    }

    /**
     * The statements of {@code text}, each as its words.
     *
     * @throws UsageException if a quote is not closed or the text ends with a lone backslash
     */
    static List<List<String>> statements(String text) {
        List<List<String>> statements = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                inWord = endWord(words, word, inWord);
                i++;
            } else if (c == ';' || c == '\n') {
                inWord = endWord(words, word, inWord);
                endStatement(statements, words);
                i++;
            } else if (c == '#' && !inWord) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new UsageException("unterminated ' quote");
                }
                word.append(text, i + 1, close);
                i = close + 1;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == text.length()) {
                    throw new UsageException("a backslash ends the input; nothing follows it to escape");
                }
                word.append(text.charAt(i + 1));
                i += 2;
                inWord = true;
            } else {
                word.append(c);
                i++;
                inWord = true;
            }
        }
        endWord(words, word, inWord);
        endStatement(statements, words);
        return statements;
    }

    /** The words of a single statement; a {@code ;} or line break in it is an error. */
    static List<String> words(String statement) {
        List<List<String>> statements = statements(statement);
        if (statements.size() > 1) {
            throw new UsageException("expected one statement, found " + statements.size());
        }
        return statements.isEmpty() ? List.of() : statements.get(0);
    }

    /** Appends the double-quoted text starting at {@code from} to {@code word}; returns the index after the closing quote. */
    private static int doubleQuoted(String text, int from, StringBuilder word) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                switch (next) {
                    case '"', '\\' -> word.append(next);
                    case 'n' -> word.append('\n');
                    case 't' -> word.append('\t');
                    default -> word.append(c).append(next);
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new UsageException("unterminated \" quote");
    }

    private static boolean endWord(List<String> words, StringBuilder word, boolean inWord) {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
        }
        return false;
    }

    private static void endStatement(List<List<String>> statements, List<String> words) {
        if (!words.isEmpty()) {
            statements.add(List.copyOf(words));
            words.clear();
        }
    }
}
