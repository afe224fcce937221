package dev.coord.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query is the parsed query string of an admin request ({@code a=1&b=x%2Fy}), percent-decoded as UTF-8.
 * A parameter given twice keeps its first value.
 */
final class Query {
    private final Map<String, String> params;

    private Query(Map<String, String> params) {
        this.params = params;
    }

    static Query parse(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.putIfAbsent(name, value);
            }
        }
        return new Query(params);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AdminError.badRequest("the query string is not valid percent-encoding: " + s);
        }
    }

    /** The value of {@code name}, or {@code fallback} when absent. */
    String get(String name, String fallback) {
        return params.getOrDefault(name, fallback);
    }

    /** The value of {@code name}; a 400 naming the parameter when absent or empty. */
    String required(String name) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw AdminError.badRequest("the query parameter '" + name + "' is required");
        }
        return value;
    }

    /** The long value of {@code name}; a 400 when absent or not an integer. */
    long requiredLong(String name) {
        String value = required(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw AdminError.badRequest("the query parameter '" + name + "' must be an integer, not '" + value + "'");
        }
    }

    /** The integer value of {@code name}, or {@code fallback} when absent; a 400 when not an integer. */
    int intValue(String name, int fallback) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw AdminError.badRequest("the query parameter '" + name + "' must be an integer, not '" + value + "'");
        }
    }

    /** The boolean value of {@code name} ({@code true}/{@code false}), or {@code fallback} when absent. */
    boolean booleanValue(String name, boolean fallback) {
        String value = params.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!value.equals("true") && !value.equals("false")) {
            throw AdminError.badRequest("the query parameter '" + name + "' must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
