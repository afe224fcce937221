/**
 * Coordination recipes (locks with fencing tokens, read-write locks, semaphores, leader election,
 * barriers, queues, counters, membership, caches) built only on the public API of {@code dev.coord},
 * as Curator's recipes are on the ZooKeeper client. The recipes arrive with the recipes issue; this
 * module fixes their place in the reactor (transport, core, recipes, examples).
 */
package dev.coord.recipes;
