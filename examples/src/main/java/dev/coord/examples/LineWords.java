package dev.coord.examples;

/**
 * LineWords is a cursor over one command line of the {@link LineProtocol}: it hands out the
 * space-separated words one by one and, after a path, the raw rest of the line as data.
 *
 * <p>Words are separated by runs of spaces or tabs. The data after a word starts right after the one
 * separator that ends the word, so it keeps any further spaces, and is empty when the line ends there.
 */
final class LineWords {
    private final String line;
    private int position;

    LineWords(String line) {
        this.line = line;
    }

    /** The next word, or null when only separators are left. */
    String next() {
        while (position < line.length() && isSeparator(line.charAt(position))) {
            position++;
        }
        if (position == line.length()) {
            return null;
        }
        int start = position;
        while (position < line.length() && !isSeparator(line.charAt(position))) {
            position++;
        }
        return line.substring(start, position);
    }

    /** Moves past the next word if it is {@code word} and returns true; otherwise moves nothing. */
    boolean skipIf(String word) {
        int before = position;
        if (word.equals(next())) {
            return true;
        }
        position = before;
        return false;
    }

    /** The rest of the line after the separator that ended the last word (possibly empty); ends the cursor. */
    String rest() {
        String rest = position < line.length() ? line.substring(position + 1) : "";
        position = line.length();
        return rest;
    }

    /** True when no word is left. */
    boolean atEnd() {
        for (int i = position; i < line.length(); i++) {
            if (!isSeparator(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '\t';
    }
}
