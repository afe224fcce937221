/**
 * Group membership ({@link dev.coord.recipes.membership.GroupMembership}) and service discovery with
 * instance picking ({@link dev.coord.recipes.membership.ServiceDiscovery},
 * {@link dev.coord.recipes.membership.ServiceProvider}, {@link dev.coord.recipes.membership.PickStrategy}).
 */
package dev.coord.recipes.membership;
