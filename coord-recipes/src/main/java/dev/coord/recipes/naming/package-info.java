/** Readable unique ids from sequential nodes: {@link dev.coord.recipes.naming.IdGenerator}. */
package dev.coord.recipes.naming;
