package dev.coord.examples.recipes;

import dev.coord.CoordClient;
import dev.coord.CoordException;
import dev.coord.Coordinator;
import dev.coord.CreateMode;
import dev.coord.CreateParents;
import dev.coord.examples.cluster.ClusterConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * ExampleRun is what every recipe example shares: it reads {@code [--cluster DIR]}, joins that cluster
 * as an observer (or starts a three-voter ensemble in this JVM when no cluster is given), runs the
 * example's body under a time limit, removes the example's nodes and exits: 0 when the body finished,
 * 1 when it failed or ran out of time, 2 for a wrong command line.
 *
 * <p>Each run works under a path of its own, {@code /examples/<name>/<run>}, so runs against the same
 * cluster, one after another or at once, do not meet. Every line an example prints starts with
 * {@code [<name>]}; the peers' logs are kept to warnings on stderr.
 */
final class ExampleRun {
    /** The longest an example may run before it is stopped as failed. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** Body is an example: it works under {@code base} with the observer {@code coord}. */
    @FunctionalInterface
    interface Body {
        void run(Coordinator coord, String base, ExampleRun out) throws Exception;
    }

    private final String name;

    private ExampleRun(String name) {
        this.name = name;
    }

    /** Runs {@code body} as the example {@code name} with the command line {@code args}; never returns. */
    static void main(String name, String[] args, Body body) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        ExampleRun out = new ExampleRun(name);
        Path cluster = null;
        if (args.length == 2 && args[0].equals("--cluster")) {
            cluster = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: " + name + " [--cluster DIR]  (without --cluster: an ensemble of 3 peers in this JVM)");
            System.exit(2);
        }
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TIME_LIMIT.toMillis());
                System.err.println("[" + name + "] FAILED: did not finish within " + TIME_LIMIT.toSeconds() + " s");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException e) {
                // finished in time
            }
        }, "example-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int status = 0;
        try (ClusterConnection connection = cluster == null ? ClusterConnection.local() : ClusterConnection.join(cluster)) {
            Coordinator coord = connection.coordinator();
            out.say(connection.description());
            String base = "/examples/" + name + "/run-" + Long.toHexString(coord.sessionId());
            try {
                body.run(coord, base, out);
            } finally {
                deleteTree(coord, base);
            }
            out.say("done");
        } catch (Exception | AssertionError e) {
            System.out.flush();
            System.err.println("[" + name + "] FAILED: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Prints one line of the example's story. */
    void say(String line) {
        System.out.println("[" + name + "] " + line);
        System.out.flush();
    }

    /** Fails the example with {@code message} unless {@code condition} holds. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /** Waits until {@code condition} holds; fails naming {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadlineNs) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Creates {@code path} (and missing parents) as a persistent node holding {@code text}. */
    static void createPersistent(CoordClient client, String path, String text) {
        client.create(path, utf8(text), CreateMode.PERSISTENT, CreateParents.PERSISTENT);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String hex(long token) {
        return "0x" + Long.toHexString(token);
    }

    /** Deletes {@code path} and everything below it, if it exists. */
    static void deleteTree(CoordClient client, String path) {
        try {
            for (String child : client.getChildren(path)) {
                deleteTree(client, path + "/" + child);
            }
            client.delete(path, -1);
        } catch (CoordException.NoNodeException e) {
            // gone already (an ephemeral whose session ended)
        }
    }
}
