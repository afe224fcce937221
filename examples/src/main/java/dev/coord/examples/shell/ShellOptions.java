package dev.coord.examples.shell;

import dev.coord.examples.OptionValues;
import dev.coord.examples.cluster.ClusterConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ShellOptions is the command line of the {@code shell} command, parsed: the ensemble to join, the
 * observer slot the shell takes in it, and where its commands come from.
 *
 * <p>The ensemble is given one of two ways: {@code --cluster DIR}, a cluster {@code scripts/cluster.sh}
 * started, whose file names the members, the observer slots and the cluster name, and whose first free
 * slot the shell claims when it starts; or by hand, {@code --members}, {@code --observers} and
 * {@code --id}. Exactly one of {@code cluster} and {@code listed} is present.
 *
 * <p>The options are a table ({@link #OPTIONS}): each entry names an option, says whether it takes a
 * value, and applies it to a {@link Builder}. Adding an option is one more entry.
 *
 * @param cluster          the cluster directory, with {@code --cluster}
 * @param listed           the ensemble and slot given by hand, without {@code --cluster}
 * @param dataDir          a data directory for the observer, or empty to keep its replica in memory
 * @param timeout          how long to wait to join a leader, and how long a request waits for one
 * @param sessionTimeoutMs the shell session's timeout, if given
 * @param commands         the {@code -c} commands, if given: run them and exit
 * @param script           the {@code -f} script file, if given: run it and exit
 * @param verbose          whether the peer's own log (INFO and up) goes to stderr
 */
record ShellOptions(
        Optional<Path> cluster,
        Optional<Ensemble> listed,
        Optional<Path> dataDir,
        Duration timeout,
        Optional<Long> sessionTimeoutMs,
        Optional<String> commands,
        Optional<Path> script,
        boolean verbose) {

    ShellOptions {
        if (cluster.isPresent() == listed.isPresent()) {
            throw new IllegalArgumentException("give either a cluster directory or the ensemble by hand, not both");
        }
    }

    /** How long the shell waits to join a leader unless {@code --timeout-ms} says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** The options, in the order {@link #usage()} lists them. */
    static final Map<String, Option> OPTIONS = table(
            new Option("--cluster", "DIR", "join the cluster 'scripts/cluster.sh start DIR' runs, in its first free"
                    + " observer slot", (b, v) -> b.cluster = Path.of(v)),
            new Option("--members", "ID=HOST:PORT[,...]", "the ensemble's voting members (without --cluster)",
                    (b, v) -> b.members = OptionValues.addresses("--members", v)),
            new Option("--observers", "ID=HOST:PORT[,...]", "the ensemble's observer slots (without --cluster)",
                    (b, v) -> b.observers = OptionValues.addresses("--observers", v)),
            new Option("--id", "N", "the observer slot to take (default: the only one listed)",
                    (b, v) -> b.id = (int) OptionValues.positive("--id", v)),
            new Option("--data-dir", "DIR", "keep the observer's replica in DIR (default: in memory)",
                    (b, v) -> b.dataDir = Optional.of(Path.of(v))),
            new Option("--timeout-ms", "N", "wait at most N ms to join a leader, and per request (default 10000)",
                    (b, v) -> b.timeout = Duration.ofMillis(OptionValues.positive("--timeout-ms", v))),
            new Option("--session-timeout-ms", "N", "the shell session's timeout (default 10000)",
                    (b, v) -> b.sessionTimeoutMs = Optional.of(OptionValues.positive("--session-timeout-ms", v))),
            new Option("-c", "\"CMD; CMD\"", "run these commands and exit",
                    (b, v) -> b.commands = Optional.of(v)),
            new Option("-f", "FILE", "run the commands in FILE and exit",
                    (b, v) -> b.script = Optional.of(Path.of(v))),
            new Option("--verbose", null, "log what the observer peer does to stderr",
                    (b, v) -> b.verbose = true));

    /**
     * Option is one command-line option.
     *
     * @param name        the option as typed
     * @param valueName   how the usage names its value, or null for an option without a value
     * @param description one phrase for the usage text
     * @param apply       sets the option's value in the builder; throws IllegalArgumentException if it is bad
     */
    record Option(String name, String valueName, String description, Apply apply) {
        /** Apply sets one option's value; {@code value} is null for an option without one. */
        @FunctionalInterface
        interface Apply {
            void to(Builder builder, String value);
        }
    }

    /** Builder collects options as they are parsed; {@link #build()} checks them together. */
    static final class Builder {
        Path cluster;
        Integer id;
        Map<Integer, InetSocketAddress> members;
        Map<Integer, InetSocketAddress> observers;
        Optional<Path> dataDir = Optional.empty();
        Duration timeout = DEFAULT_TIMEOUT;
        Optional<Long> sessionTimeoutMs = Optional.empty();
        Optional<String> commands = Optional.empty();
        Optional<Path> script = Optional.empty();
        boolean verbose;

        /**
         * The options, checked together.
         *
         * @throws IllegalArgumentException naming what is missing or inconsistent
         */
        ShellOptions build() {
            if (commands.isPresent() && script.isPresent()) {
                throw new IllegalArgumentException("-c and -f cannot be combined");
            }
            if (cluster != null) {
                if (members != null || observers != null || id != null) {
                    throw new IllegalArgumentException("--cluster cannot be combined with --members, --observers or --id:"
                            + " the shell reads the members from " + cluster.resolve(ClusterConfig.FILE_NAME)
                            + " and takes the first free observer slot");
                }
                return new ShellOptions(Optional.of(cluster), Optional.empty(), dataDir, timeout, sessionTimeoutMs,
                        commands, script, verbose);
            }
            return new ShellOptions(Optional.empty(), Optional.of(listed()), dataDir, timeout, sessionTimeoutMs,
                    commands, script, verbose);
        }

        private Ensemble listed() {
            if (members == null || members.isEmpty()) {
                throw new IllegalArgumentException("--members is required (or --cluster DIR): the ensemble's voting members");
            }
            if (observers == null || observers.isEmpty()) {
                throw new IllegalArgumentException("--observers is required: the shell joins as an observer, so the"
                        + " ensemble must declare an observer slot for it");
            }
            for (Integer observer : observers.keySet()) {
                if (members.containsKey(observer)) {
                    throw new IllegalArgumentException("peer " + observer + " is both a member and an observer");
                }
            }
            if (id == null) {
                if (observers.size() > 1) {
                    throw new IllegalArgumentException("--id is required when several observer slots are listed ("
                            + observers.keySet() + ")");
                }
                id = observers.keySet().iterator().next();
            }
            if (members.containsKey(id)) {
                throw new IllegalArgumentException("--id " + id + " is a voting member; the shell joins as an observer:"
                        + " give one of the observer slots " + observers.keySet());
            }
            if (!observers.containsKey(id)) {
                throw new IllegalArgumentException("--id " + id + " is not among the observer slots " + observers.keySet());
            }
            return new Ensemble(Optional.empty(), id, members, observers);
        }
    }

    /**
     * Parses the arguments that follow {@code shell}.
     *
     * @throws IllegalArgumentException naming the argument that is missing, unknown or malformed
     */
    static ShellOptions parse(String[] args) {
        Builder builder = new Builder();
        for (int i = 0; i < args.length; i++) {
            Option option = OPTIONS.get(args[i]);
            if (option == null) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            String value = null;
            if (option.valueName() != null) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value: " + option.valueName());
                }
                value = args[++i];
            }
            option.apply().to(builder, value);
        }
        return builder.build();
    }

    /** The usage text: a synopsis line, then one line per option. */
    static String usage() {
        StringBuilder text = new StringBuilder("usage: shell --cluster DIR [options]\n"
                + "   or: shell --members ID=HOST:PORT[,...] --observers ID=HOST:PORT[,...] [--id N] [options]\n");
        for (Option o : OPTIONS.values()) {
            String left = o.valueName() == null ? o.name() : o.name() + " " + o.valueName();
            text.append(String.format("  %-40s %s%n", left, o.description()));
        }
        return text.toString();
    }

    private static Map<String, Option> table(Option... options) {
        Map<String, Option> byName = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        for (Option o : options) {
            if (byName.put(o.name(), o) != null) {
                repeated.add(o.name());
            }
        }
        if (!repeated.isEmpty()) {
            throw new IllegalStateException("options defined twice: " + repeated);
        }
        return Collections.unmodifiableMap(byName);
    }
}
