/** Barriers: {@link dev.coord.recipes.barrier.Barrier} (set, remove, await) and {@link dev.coord.recipes.barrier.DoubleBarrier} (enter and leave together). */
package dev.coord.recipes.barrier;
