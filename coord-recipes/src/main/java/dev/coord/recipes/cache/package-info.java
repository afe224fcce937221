/**
 * Local copies kept current by persistent watches: {@link dev.coord.recipes.cache.NodeCache} (one node,
 * the configuration-center case) and {@link dev.coord.recipes.cache.TreeCache} (a subtree).
 */
package dev.coord.recipes.cache;
