package dev.coord.tree;

import dev.coord.EventType;

/**
 * Change is one watchable effect of an applied transaction: which kind of watch event it triggers and
 * on which path. A transaction's changes come in the order they happened.
 */
public record Change(EventType type, String path) {
}
