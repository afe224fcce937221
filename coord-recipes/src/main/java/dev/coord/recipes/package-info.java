/**
 * Coordination recipes built only on the public API of {@code dev.coord}, as Curator's recipes are on
 * the ZooKeeper client, and better where Curator is known to be weak (fencing tokens on every lock,
 * lease and leadership; a loss callback on suspension and expiry; no herd; no race between deciding
 * and watching).
 *
 * <ul>
 *   <li>{@link dev.coord.recipes.locks}: {@code Lock}, {@code ReadWriteLock}, {@code Semaphore}, and the
 *       pure {@code LockDecider} they and leader election share;</li>
 *   <li>{@link dev.coord.recipes.election}: {@code LeaderElection};</li>
 *   <li>{@link dev.coord.recipes.barrier}: {@code Barrier}, {@code DoubleBarrier};</li>
 *   <li>{@link dev.coord.recipes.queue}: {@code DistributedQueue} (FIFO, optional priorities);</li>
 *   <li>{@link dev.coord.recipes.atomic}: {@code Counter};
 *       {@link dev.coord.recipes.naming}: {@code IdGenerator};</li>
 *   <li>{@link dev.coord.recipes.membership}: {@code GroupMembership}, {@code ServiceDiscovery};</li>
 *   <li>{@link dev.coord.recipes.cache}: {@code NodeCache}, {@code TreeCache} (on persistent watches).</li>
 * </ul>
 *
 * <p>Every recipe takes a {@link dev.coord.CoordClient}: a {@link dev.coord.Coordinator} (its default
 * session) or a {@link dev.coord.Session}. Its ephemeral nodes, and so its locks, leases, leadership and
 * memberships, live as long as that session. Blocking calls must not be made from a watcher or
 * session listener of the same session; background recipes (election, caches, membership) run on a
 * thread of their own and call their listeners there.
 */
package dev.coord.recipes;
