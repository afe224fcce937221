package dev.coord.admin;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HttpIo reads request bodies and writes whole responses of the admin endpoint. */
final class HttpIo {
    static final String JSON = "application/json; charset=utf-8";

    private HttpIo() {
    }

    /** Sends {@code body} with {@code status}; the exchange is then closed. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The request body, at most {@code limitBytes}; a 413 beyond. */
    static byte[] readBody(HttpExchange exchange, int limitBytes) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                if (body.size() + n > limitBytes) {
                    throw new AdminError(413, "TOO_LARGE", "the request body is larger than " + limitBytes + " bytes", null);
                }
                body.write(chunk, 0, n);
            }
            return body.toByteArray();
        }
    }
}
