package dev.coord.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HeapProbe measures another JVM's heap the same way for both sides: {@code jcmd PID GC.run} (a full,
 * System.gc-style collection), then {@code jcmd PID GC.heap_info}, whose first line gives the heap's
 * total and used size.
 */
final class HeapProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private HeapProbe() {
    }

    /** Bytes of heap in use by process {@code pid} right after a forced full GC. */
    static long usedAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no 'used NK' in jcmd GC.heap_info of " + pid + ": " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Writes the first {@code lines} lines of {@code jcmd PID GC.class_histogram} (the largest classes) to {@code file}. */
    static void histogram(long pid, java.nio.file.Path file, int lines) throws IOException, InterruptedException {
        String all = jcmd(pid, "GC.class_histogram");
        java.nio.file.Files.write(file, all.lines().limit(lines).toList());
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
