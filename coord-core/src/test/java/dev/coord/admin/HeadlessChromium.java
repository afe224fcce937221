package dev.coord.admin;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * HeadlessChromium runs Debian's {@code chromium} headless with a DevTools port for a test, and kills
 * it (by PID, its child processes first) and deletes its profile directory when closed, also when the
 * test failed. Test support only: no dependency beyond the JDK.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final Path profile;
    private int port;

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
    }

    /** The chromium executable: {@code -Dcoord.chromium=path}, else the first of the usual names on PATH; or null. */
    public static Path find() {
        String configured = System.getProperty("coord.chromium");
        if (configured != null && !configured.isEmpty()) {
            return Files.isExecutable(Path.of(configured)) ? Path.of(configured) : null;
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** Starts {@code executable} headless on a fresh profile and waits (up to 30 s) for its DevTools port. */
    public static HeadlessChromium start(Path executable) throws IOException {
        Path profile = Files.createTempDirectory("coord-chromium-");
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                    "--disable-background-networking", "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, "about:blank")
                    .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        } catch (IOException | RuntimeException e) {
            deleteRecursively(profile);
            throw e;
        }
        HeadlessChromium chromium = new HeadlessChromium(process, profile);
        try {
            chromium.port = chromium.awaitPort();
            return chromium;
        } catch (IOException | RuntimeException | Error e) {
            chromium.close();
            throw e;
        }
    }

    private int awaitPort() throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("chromium exited with " + process.exitValue() + ": " + log());
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (lines.size() >= 2 && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            pause(20);
        }
        throw new IllegalStateException("chromium wrote no DevToolsActivePort within 30 s: " + log());
    }

    /** Connects to the first page target (the about:blank tab it started with). */
    @SuppressWarnings("unchecked")
    public DevToolsPage firstPage() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            for (Object target : (List<Object>) MiniJson.parse(list.body())) {
                Map<String, Object> t = (Map<String, Object>) target;
                if ("page".equals(t.get("type"))) {
                    return DevToolsPage.connect(URI.create((String) t.get("webSocketDebuggerUrl")));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chromium shows no page target: " + list.body());
            }
            pause(50);
        }
    }

    /** Chromium's own output, for failure messages. */
    public String log() {
        try {
            Path log = profile.resolve("chromium.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Kills chromium and its child processes by PID, waits for them, and deletes the profile. */
    @Override
    public void close() {
        try {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle child : children) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("chromium (pid " + process.pid() + ") did not exit", e);
        } finally {
            deleteRecursively(profile);
        }
    }

    /** The PID of the chromium process. */
    public long pid() {
        return process.pid();
    }

    /** The profile directory. */
    public Path profile() {
        return profile;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the chromium profile " + dir, e);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
