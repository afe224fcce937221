package dev.coord.recipes.testing;

/** Topology is where a recipe test runs: one standalone Coordinator, or a three-peer ensemble over TCP. */
public enum Topology {
    STANDALONE,
    ENSEMBLE
}
