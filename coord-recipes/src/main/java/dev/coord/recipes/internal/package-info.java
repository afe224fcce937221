/**
 * Pieces the recipe families share: ordering of sequential names, the one-shot wake-up a waiting
 * recipe blocks on, the serial thread of the background recipes, and the deferred cleanup of nodes
 * whose create or delete had an unknown outcome. Public only so the recipe packages can use them;
 * not part of Coord's API and may change without notice.
 */
package dev.coord.recipes.internal;
