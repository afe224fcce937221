package dev.coord.testkit.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fuzzer feeds a decoder inputs made by mutating valid encodings (and plain random bytes) and fails the
 * test on any outcome other than a clean decode or one of the decoder's documented exceptions: another
 * exception, an error (an {@link OutOfMemoryError} from a length trusted before allocating), or an input
 * that takes longer than {@link #MAX_INPUT_TIME} (a hang).
 *
 * <p>Mutations: random bytes, truncation, bit flips, bytes set to boundary values, 32-bit fields
 * overwritten with huge or negative lengths, the type byte changed, bytes inserted or deleted, two
 * valid encodings spliced.
 *
 * <p>Volume and seed: {@code -Dcoord.fuzz.inputs=N} (per decoder; each test's default keeps the suite
 * short) and {@code -Dcoord.fuzz.seed=S}. A failure prints the seed, the input's index and its bytes.
 *
 * <p>Threading: the inputs run on a daemon thread of their own; the caller watches it for hangs.
 */
public final class Fuzzer {
    /** The most one input may take before it counts as a hang. */
    public static final Duration MAX_INPUT_TIME = Duration.ofMillis(Long.getLong("coord.fuzz.maxInputMs", 2_000));
    private static final int[] HUGE_INTS = {
        Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 0x7FFF_FFF0, 0x1000_0000, 0x0100_0000, 65_536, 1 << 20};

    /** Decodes one input; returns normally or throws. */
    @FunctionalInterface
    public interface Decoder {
        void decode(byte[] input) throws Exception;
    }

    private Fuzzer() {
    }

    /**
     * A directory for fuzzing files: a new one under {@code coord.fuzz.dir} when set (e.g. /dev/shm, so
     * that a million file inputs do not wait on a disk), deleted with everything in it on close;
     * otherwise {@code fallback}, left alone.
     */
    public static Scratch scratch(java.nio.file.Path fallback) {
        String root = System.getProperty("coord.fuzz.dir");
        if (root == null) {
            return new Scratch(fallback, false);
        }
        try {
            return new Scratch(java.nio.file.Files.createTempDirectory(java.nio.file.Path.of(root), "coord-fuzz-"), true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A fuzzing directory; see {@link #scratch}. */
    public record Scratch(java.nio.file.Path dir, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (!owned) {
                return;
            }
            try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(path);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** The number of inputs per decoder: {@code coord.fuzz.inputs}, or {@code normal}. */
    public static int inputs(int normal) {
        return Integer.getInteger("coord.fuzz.inputs", normal);
    }

    /**
     * Runs {@code inputs} inputs derived from {@code corpus} through {@code decoder}; fails on any outcome
     * but success or an exception assignable to one of {@code allowed}. Returns a one-line summary
     * (also printed).
     */
    @SafeVarargs
    public static String run(String name, List<byte[]> corpus, int inputs, Decoder decoder,
                             Class<? extends Throwable>... allowed) {
        return run(name, corpus, inputs, MAX_INPUT_TIME, decoder, allowed);
    }

    /** As {@link #run(String, List, int, Decoder, Class[])}, with its own bound on one input's time. */
    @SafeVarargs
    public static String run(String name, List<byte[]> corpus, int inputs, Duration maxInputTime, Decoder decoder,
                             Class<? extends Throwable>... allowed) {
        long seed = Long.getLong("coord.fuzz.seed", 0x5EED_C0DEL) ^ name.hashCode();
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Long> outcomes = new TreeMap<>();
        AtomicLong current = new AtomicLong(-1);
        AtomicLong startedNs = new AtomicLong();
        AtomicReference<byte[]> currentInput = new AtomicReference<>();
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicReference<Throwable> failureCause = new AtomicReference<>();
        // The inputs run on a thread of their own, so that an input that never returns fails the test
        // instead of hanging it (that thread is then abandoned; it is a daemon).
        Thread worker = new Thread(() -> {
            for (long i = 0; i < inputs; i++) {
                byte[] input = mutate(corpus, random);
                if (i < Long.getLong("coord.fuzz.skip", 0)) {
                    continue;
                }
                currentInput.set(input);
                startedNs.set(System.nanoTime());
                current.set(i);
                String outcome;
                try {
                    decoder.decode(input);
                    outcome = "decoded";
                } catch (Throwable t) {
                    if (!isAllowed(t, allowed)) {
                        failureCause.set(t);
                        failure.set(name + ": input " + i + " (seed " + seed + ") threw " + t + "\ninput: " + hex(input));
                        return;
                    }
                    outcome = t.getClass().getSimpleName();
                }
                current.set(-1);
                outcomes.merge(outcome, 1L, Long::sum);
            }
        }, "fuzz-" + name);
        worker.setDaemon(true);
        long beginNs = System.nanoTime();
        worker.start();
        try {
            while (worker.isAlive()) {
                worker.join(50);
                long index = current.get();
                if (worker.isAlive() && index >= 0 && System.nanoTime() - startedNs.get() > maxInputTime.toNanos()
                        && current.get() == index) {
                    fail(name + " (seed " + seed + "): input " + index + " took over " + maxInputTime.toMillis()
                            + " ms: " + hex(currentInput.get()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        if (failure.get() != null) {
            fail(failure.get(), failureCause.get());
        }
        long ms = (System.nanoTime() - beginNs) / 1_000_000;
        String summary = "FUZZ " + name + ": " + inputs + " inputs in " + ms + " ms (seed " + seed + "): " + outcomes;
        System.out.println(summary);
        return summary;
    }

    private static void fail(String message) {
        throw new AssertionError(message);
    }

    private static void fail(String message, Throwable cause) {
        throw new AssertionError(message, cause);
    }

    private static boolean isAllowed(Throwable t, Class<? extends Throwable>[] allowed) {
        for (Class<? extends Throwable> type : allowed) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** One input: a mutation of a corpus entry (or random bytes). */
    public static byte[] mutate(List<byte[]> corpus, SplittableRandom random) {
        byte[] base = corpus.get(random.nextInt(corpus.size())).clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            base = mutateOnce(base, corpus, random);
        }
        return base;
    }

    private static byte[] mutateOnce(byte[] in, List<byte[]> corpus, SplittableRandom random) {
        switch (random.nextInt(10)) {
            case 0 -> {
                byte[] out = new byte[random.nextInt(Math.max(2, in.length * 2 + 16))];
                random.nextBytes(out);
                return out;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(in, in.length == 0 ? 0 : random.nextInt(in.length));
            }
            case 2 -> {
                if (in.length > 0) {
                    int flips = 1 + random.nextInt(8);
                    for (int i = 0; i < flips; i++) {
                        in[random.nextInt(in.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                return in;
            }
            case 3 -> {
                if (in.length > 0) {
                    byte[] values = {0, -1, 0x7F, (byte) 0x80, 1};
                    in[random.nextInt(in.length)] = values[random.nextInt(values.length)];
                }
                return in;
            }
            case 4, 5 -> {
                if (in.length >= 4) {
                    int at = random.nextInt(in.length - 3);
                    int value = random.nextBoolean() ? HUGE_INTS[random.nextInt(HUGE_INTS.length)]
                            : in.length + random.nextInt(-8, 64);
                    boolean littleEndian = random.nextBoolean();
                    for (int b = 0; b < 4; b++) {
                        int shift = littleEndian ? 8 * b : 8 * (3 - b);
                        in[at + b] = (byte) (value >>> shift);
                    }
                }
                return in;
            }
            case 6 -> {
                if (in.length > 0) {
                    in[0] = (byte) random.nextInt(256);
                }
                return in;
            }
            case 7 -> {
                int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
                byte[] extra = new byte[1 + random.nextInt(16)];
                random.nextBytes(extra);
                byte[] out = new byte[in.length + extra.length];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(in, at, out, at + extra.length, in.length - at);
                return out;
            }
            case 8 -> {
                if (in.length == 0) {
                    return in;
                }
                int at = random.nextInt(in.length);
                int n = Math.min(in.length - at, 1 + random.nextInt(16));
                byte[] out = new byte[in.length - n];
                System.arraycopy(in, 0, out, 0, at);
                System.arraycopy(in, at + n, out, at, in.length - at - n);
                return out;
            }
            default -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int cut = in.length == 0 ? 0 : random.nextInt(in.length + 1);
                int from = other.length == 0 ? 0 : random.nextInt(other.length + 1);
                byte[] out = new byte[cut + other.length - from];
                System.arraycopy(in, 0, out, 0, cut);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
        }
    }

    private static String hex(byte[] input) {
        if (input == null) {
            return "?";
        }
        String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 512));
        return input.length > 512 ? hex + "... (" + input.length + " bytes)" : hex;
    }

    /** Copies byte arrays into a list, for corpora. */
    public static List<byte[]> corpus(List<byte[]> entries) {
        return new ArrayList<>(entries);
    }
}
