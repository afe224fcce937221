/** A distributed FIFO queue with optional priorities: {@link dev.coord.recipes.queue.DistributedQueue}. */
package dev.coord.recipes.queue;
