package dev.coord.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * DevToolsPage speaks the Chrome DevTools protocol to one page over the JDK's WebSocket: navigate,
 * evaluate JavaScript and read the value back, and wait for an expression to satisfy a condition.
 * Test support only.
 */
public final class DevToolsPage implements AutoCloseable {
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    private DevToolsPage(WebSocket socket) {
        this.socket = socket;
    }

    static DevToolsPage connect(URI webSocketUrl) {
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(webSocketUrl, listener).join();
        DevToolsPage page = new DevToolsPage(socket);
        listener.page = page;
        return page;
    }

    /** Loads {@code url} in the page. */
    public void navigate(String url) {
        call("Page.navigate", new JsonWriter().beginObject().field("url", url).endObject().toString());
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON types; a thrown error fails). */
    @SuppressWarnings("unchecked")
    public Object evaluate(String expression) {
        Map<String, Object> result = call("Runtime.evaluate", new JsonWriter().beginObject()
                .field("expression", expression).field("returnByValue", true).field("awaitPromise", true)
                .endObject().toString());
        if (result.containsKey("exceptionDetails")) {
            throw new AssertionError("the page threw evaluating " + expression + ": " + result.get("exceptionDetails"));
        }
        return ((Map<String, Object>) result.get("result")).get("value");
    }

    /**
     * Evaluates {@code expression} until its value satisfies {@code condition} (every 50 ms, up to
     * {@code timeout}); returns that value, or fails showing the last one.
     */
    public Object await(String expression, Predicate<Object> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object value;
        while (true) {
            value = evaluate(expression);
            if (condition.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last value of " + expression + ": " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String method, String paramsJson) {
        int id = nextId.getAndIncrement();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        pending.put(id, answer);
        String message = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
        socket.sendText(message, true).join();
        Map<String, Object> response;
        try {
            response = answer.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("DevTools did not answer " + method, e);
        } finally {
            pending.remove(id);
        }
        if (response.containsKey("error")) {
            throw new AssertionError("DevTools refused " + method + ": " + response.get("error"));
        }
        return (Map<String, Object>) response.get("result");
    }

    private void onMessage(String text) {
        Map<String, Object> message = MiniJson.object(text);
        Object id = message.get("id");
        if (id instanceof Double d) {
            CompletableFuture<Map<String, Object>> answer = pending.get(d.intValue());
            if (answer != null) {
                answer.complete(message);
            }
        }
    }

    @Override
    public void close() {
        socket.abort();
    }

    /** Listener joins text frames into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile DevToolsPage page;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (page != null) {
                    page.onMessage(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
