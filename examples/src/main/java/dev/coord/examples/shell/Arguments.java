package dev.coord.examples.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Arguments are one command's parsed flags and operands (see {@link CommandSpec#parse}). Immutable.
 */
final class Arguments {
    private final CommandSpec spec;
    private final Map<String, String> flags;
    private final List<String> operands;

    Arguments(CommandSpec spec, Map<String, String> flags, List<String> operands) {
        this.spec = spec;
        this.flags = Map.copyOf(flags);
        this.operands = List.copyOf(operands);
    }

    /** True if the flag was given. */
    boolean has(String flag) {
        return flags.containsKey(flag);
    }

    /** The i-th operand (from 0), or empty if fewer were given. */
    Optional<String> operand(int i) {
        return i < operands.size() ? Optional.of(operands.get(i)) : Optional.empty();
    }

    /** The first operand: the path, for every command that takes one. */
    String path() {
        return operands.get(0);
    }

    /**
     * The integer value of a valued flag, or {@code absent} if the flag was not given.
     *
     * @throws UsageException if the value is not an integer
     */
    long longFlag(String flag, long absent) {
        String value = flags.get(flag);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw spec.usageError(flag + " needs a number, got '" + value + "'");
        }
    }

    /** As {@link #longFlag}, for a value that must fit an int. */
    int intFlag(String flag, int absent) {
        long value = longFlag(flag, absent);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw spec.usageError(flag + " " + value + " is out of range");
        }
        return (int) value;
    }

    /** Fails with the command's usage line when {@code a} and {@code b} were both given. */
    void exclusive(String a, String b) {
        if (has(a) && has(b)) {
            throw spec.usageError(a + " and " + b + " cannot be combined");
        }
    }

    /** A UsageException saying {@code problem}, then the command's usage line. */
    UsageException usageError(String problem) {
        return spec.usageError(problem);
    }
}
