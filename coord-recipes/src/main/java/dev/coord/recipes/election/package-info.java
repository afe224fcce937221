/** Leader election with fencing tokens and a gain/loss listener: {@link dev.coord.recipes.election.LeaderElection}. */
package dev.coord.recipes.election;
