package dev.coord.examples.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CommandSpec is the syntax of one shell command: its name, its usage line, the flags it takes and how
 * many operands (paths, data) follow; {@link #parse} turns the words after the name into
 * {@link Arguments}.
 *
 * <p>Flags are single words such as {@code -s}; a valued flag takes the next word as its value
 * ({@code -v 3}). Flags may come before, between or after the operands; {@code --} ends the flags, so
 * data that starts with '-' can follow it. Immutable.
 *
 * @param name        the command's name
 * @param usage       the usage line, starting with the name
 * @param summary     one sentence for {@code help}
 * @param switches    the flags without a value
 * @param valued      the flags that take a value
 * @param minOperands the fewest operands allowed
 * @param maxOperands the most operands allowed
 */
record CommandSpec(String name, String usage, String summary, Set<String> switches, Set<String> valued,
                   int minOperands, int maxOperands) {

    CommandSpec {
        switches = Set.copyOf(switches);
        valued = Set.copyOf(valued);
    }

    /**
     * Parses the words that follow the command's name.
     *
     * @throws UsageException naming the unknown flag, the flag without a value, or the missing or extra
     *                        operands, followed by the usage line
     */
    Arguments parse(List<String> words) {
        Map<String, String> flags = new HashMap<>();
        List<String> operands = new ArrayList<>();
        boolean flagsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (flagsEnded || !word.startsWith("-") || word.length() == 1) {
                operands.add(word);
            } else if (word.equals("--")) {
                flagsEnded = true;
            } else if (switches.contains(word)) {
                flags.put(word, "");
            } else if (valued.contains(word)) {
                if (i + 1 == words.size()) {
                    throw usageError(word + " needs a value");
                }
                flags.put(word, words.get(++i));
            } else {
                throw usageError("unknown flag " + word);
            }
        }
        if (operands.size() < minOperands) {
            throw usageError(minOperands - operands.size() == 1 && maxOperands == minOperands
                    ? "missing argument" : "missing arguments");
        }
        if (operands.size() > maxOperands) {
            throw usageError("too many arguments (quote data that has spaces: \"hello world\")");
        }
        return new Arguments(this, flags, operands);
    }

    /** A UsageException saying {@code problem}, then this command's usage line. */
    UsageException usageError(String problem) {
        return new UsageException(problem + "; usage: " + usage);
    }
}
