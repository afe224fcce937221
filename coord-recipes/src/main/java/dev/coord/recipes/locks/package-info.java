/**
 * Locks on queues of ephemeral-sequential contender nodes: {@link dev.coord.recipes.locks.Lock}
 * (reentrant mutex), {@link dev.coord.recipes.locks.ReadWriteLock} and
 * {@link dev.coord.recipes.locks.Semaphore}, all deciding with the pure
 * {@link dev.coord.recipes.locks.LockDecider}, all granting with fencing tokens
 * ({@link dev.coord.recipes.locks.Hold}, {@link dev.coord.recipes.locks.FencedResource}) and telling a
 * {@link dev.coord.recipes.locks.LockListener} when a hold is lost or restored.
 */
package dev.coord.recipes.locks;
