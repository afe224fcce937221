package dev.coord.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LoopbackFirewall cuts traffic between loopback addresses with nftables: one table of its own,
 * {@code inet coord_nemesis_<pid>}, whose input chain drops the packets of the cuts in force. A
 * dropped packet vanishes silently, as on a broken network: the sender sees no error, only silence.
 *
 * <p>{@link #open} installs the {@code nftables} Debian package if {@code nft} is missing, and first
 * deletes the tables left by test JVMs that died without cleaning up. {@link #close} deletes the table,
 * and so every rule; a JVM shutdown hook does the same if the test never gets there. Needs root.
 *
 * <p>Thread-safe: every change is one atomic {@code nft -f} transaction, made under this object's lock.
 */
final class LoopbackFirewall implements AutoCloseable {
    private static final String TABLE_PREFIX = "coord_nemesis_";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern TABLE_LINE = Pattern.compile("table inet " + TABLE_PREFIX + "(\\d+)");

    private final String table;
    private final Thread shutdownHook;
    // Guarded by this.
    private final List<Link> cuts = new ArrayList<>();
    // Guarded by this.
    private boolean closed;

    private LoopbackFirewall(String table) {
        this.table = table;
        this.shutdownHook = new Thread(this::deleteTableQuietly, "loopback-firewall-cleanup");
    }

    /** Installs nft if needed, removes stale tables of dead test JVMs, and creates this JVM's table. */
    static LoopbackFirewall open() throws IOException, InterruptedException {
        ensureNftInstalled();
        deleteStaleTables();
        LoopbackFirewall firewall = new LoopbackFirewall(TABLE_PREFIX + ProcessHandle.current().pid());
        Runtime.getRuntime().addShutdownHook(firewall.shutdownHook);
        nft("add table inet " + firewall.table + "\n"
                + "add chain inet " + firewall.table + " input { type filter hook input priority -10 ; policy accept ; }\n");
        return firewall;
    }

    /** The table's name, for the report and for deleting it by hand. */
    String table() {
        return table;
    }

    /** Link is one direction between two addresses: the packets from {@code from} to {@code to}. */
    record Link(String from, String to) {
        @Override
        public String toString() {
            return from + "->" + to;
        }
    }

    /** Drops every packet on {@code links}, on top of the cuts in force, in one transaction. */
    synchronized void cut(Collection<Link> links) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder();
        for (Link link : links) {
            script.append("add rule inet ").append(table).append(" input ip saddr ").append(link.from())
                    .append(" ip daddr ").append(link.to()).append(" drop\n");
        }
        nft(script.toString());
        cuts.addAll(links);
    }

    /** Removes every cut. */
    synchronized void heal() throws IOException, InterruptedException {
        nft("flush chain inet " + table + " input\n");
        cuts.clear();
    }

    /** The cuts in force. */
    synchronized List<Link> cuts() {
        return List.copyOf(cuts);
    }

    /** Deletes the table and with it every rule. Idempotent. */
    @Override
    public void close() throws IOException, InterruptedException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            nft("delete table inet " + table + "\n");
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook deletes the table, which is already gone
        }
    }

    private synchronized void deleteTableQuietly() {
        if (!closed) {
            try {
                closed = true;
                nft("delete table inet " + table + "\n");
            } catch (IOException | RuntimeException e) {
                System.err.println("could not delete nft table " + table + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void deleteStaleTables() throws IOException, InterruptedException {
        Matcher m = TABLE_LINE.matcher(run(List.of("nft", "list", "tables"), null, COMMAND_TIMEOUT));
        while (m.find()) {
            long pid = Long.parseLong(m.group(1));
            if (ProcessHandle.of(pid).isEmpty()) {
                System.out.println("deleting the nft table " + TABLE_PREFIX + pid + " left by a dead test JVM");
                nft("delete table inet " + TABLE_PREFIX + pid + "\n");
            }
        }
    }

    private static void ensureNftInstalled() throws IOException, InterruptedException {
        if (commandExists("nft")) {
            return;
        }
        System.out.println("nft is missing: installing the nftables Debian package");
        List<String> install = List.of("apt-get", "install", "-y", "--no-install-recommends", "nftables");
        try {
            run(install, null, INSTALL_TIMEOUT);
        } catch (IOException e) {
            run(List.of("apt-get", "update"), null, INSTALL_TIMEOUT);
            run(install, null, INSTALL_TIMEOUT);
        }
        if (!commandExists("nft")) {
            throw new IOException("nft is still missing after installing nftables");
        }
    }

    private static boolean commandExists(String name) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("sh", "-c", "command -v " + name).redirectErrorStream(true).start();
        which.getInputStream().readAllBytes();
        return which.waitFor() == 0;
    }

    private static void nft(String script) throws IOException, InterruptedException {
        run(List.of("nft", "-f", "-"), script, COMMAND_TIMEOUT);
    }

    /** Runs a command, feeding it {@code input} if not null; returns its output, or throws with it on failure. */
    private static String run(List<String> command, String input, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("nemesis-command", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with status " + process.exitValue() + ": "
                        + printed.trim() + (input != null ? "\ninput was:\n" + input : ""));
            }
            return printed;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
