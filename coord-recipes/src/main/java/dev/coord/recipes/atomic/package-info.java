/** A distributed atomic long by versioned compare-and-set: {@link dev.coord.recipes.atomic.Counter}. */
package dev.coord.recipes.atomic;
