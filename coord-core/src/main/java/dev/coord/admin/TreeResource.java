package dev.coord.admin;

import com.sun.net.httpserver.HttpExchange;
import dev.coord.CreateMode;
import dev.coord.NodeData;
import dev.coord.Op;
import dev.coord.Session;
import dev.coord.Stat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * TreeResource is {@code /tree}: GET reads a node (data, stat, children); POST creates, PUT sets data
 * and DELETE deletes, when the endpoint is writable. Everything goes through the admin
 * {@link Session}'s public API, so the tree's rules (paths, versions, sizes) apply unchanged and a
 * refusal is the API's own error.
 *
 * <p>Thread-safe.
 */
final class TreeResource {
    /** The largest request body read, whatever the peer's data limit (which the API enforces). */
    static final int MAX_BODY_BYTES = 16 << 20;
    /** The most nodes a recursive delete removes in its one atomic multi. */
    static final int MAX_RECURSIVE_DELETE = 10_000;

    private final AdminSession session;
    private final boolean writable;

    TreeResource(AdminSession session, boolean writable) {
        this.session = session;
        this.writable = writable;
    }

    void handle(HttpExchange exchange, Query query) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET")) {
            HttpIo.sendJson(exchange, 200, read(query.get("path", "/")));
            return;
        }
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("DELETE")) {
            throw new AdminError(405, "METHOD_NOT_ALLOWED", "/tree answers GET, POST, PUT and DELETE, not " + method, null);
        }
        if (!writable) {
            throw new AdminError(403, "READ_ONLY", "writes through the admin endpoint are disabled; "
                    + "start the Coordinator with adminWritable(true) to enable them", null);
        }
        String path = query.required("path");
        switch (method) {
            case "POST" -> HttpIo.sendJson(exchange, 201, create(path, query, HttpIo.readBody(exchange, MAX_BODY_BYTES)));
            case "PUT" -> HttpIo.sendJson(exchange, 200, setData(path, query, HttpIo.readBody(exchange, MAX_BODY_BYTES)));
            default -> HttpIo.sendJson(exchange, 200, delete(path, query));
        }
    }

    /** The node at {@code path}: its data as UTF-8 text when valid (else base64), its stat and its children. */
    String read(String path) {
        Session s = session.get();
        NodeData node = s.getData(path);
        List<String> children = new ArrayList<>(s.getChildren(path));
        children.sort(null);
        JsonWriter w = new JsonWriter().beginObject().field("path", path);
        String text = utf8(node.data());
        w.field("encoding", text != null ? "utf-8" : "base64")
                .field("data", text != null ? text : Base64.getEncoder().encodeToString(node.data()));
        Reports.stat(w, node.stat());
        w.name("children").beginArray();
        children.forEach(w::value);
        return w.endArray().endObject().toString();
    }

    private String create(String path, Query query, byte[] data) {
        String modeName = query.get("mode", "PERSISTENT");
        CreateMode mode;
        try {
            mode = CreateMode.valueOf(modeName);
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest("the query parameter 'mode' must be one of " + Arrays.toString(CreateMode.values())
                    + ", not '" + modeName + "'");
        }
        long ttlMs = mode.isTtl() ? query.requiredLong("ttlMs") : 0;
        String created = session.get().create(path, data, mode, ttlMs);
        return new JsonWriter().beginObject().field("path", created).endObject().toString();
    }

    private String setData(String path, Query query, byte[] data) {
        Stat stat = session.get().setData(path, data, query.intValue("version", -1));
        JsonWriter w = new JsonWriter().beginObject().field("path", path);
        return Reports.stat(w, stat).endObject().toString();
    }

    /**
     * Deletes {@code path} if its version matches ({@code version}, default -1: any); with
     * {@code recursive=true} deletes its descendants with it in one atomic multi (all or nothing: a
     * child created meanwhile makes it fail with NOT_EMPTY).
     */
    private String delete(String path, Query query) {
        int version = query.intValue("version", -1);
        Session s = session.get();
        if (!query.booleanValue("recursive", false)) {
            s.delete(path, version);
            return new JsonWriter().beginObject().field("path", path).field("deleted", 1).endObject().toString();
        }
        List<Op> ops = new ArrayList<>();
        addDeletes(s, path, ops);
        ops.add(Op.delete(path, version));
        s.multi(ops);
        return new JsonWriter().beginObject().field("path", path).field("deleted", ops.size()).endObject().toString();
    }

    /** Adds deletes of every descendant of {@code path}, children before their parents. */
    private static void addDeletes(Session s, String path, List<Op> ops) {
        for (String child : s.getChildren(path)) {
            String childPath = path.equals("/") ? "/" + child : path + "/" + child;
            addDeletes(s, childPath, ops);
            ops.add(Op.delete(childPath, -1));
            if (ops.size() > MAX_RECURSIVE_DELETE) {
                throw AdminError.badRequest("a recursive delete removes at most " + MAX_RECURSIVE_DELETE
                        + " nodes; " + path + " has more: delete its subtrees first");
            }
        }
    }

    /** {@code data} decoded as UTF-8, or null if it is not valid UTF-8. */
    static String utf8(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
