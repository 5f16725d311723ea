/**
 * Coordination recipes on {@link io.warden.api.client.WardenClient}, each a small state machine
 * over the client's stages: no thread blocks inside a recipe, and every recipe tolerates the
 * connection breaking mid-operation (a create whose answer was lost is found again by the
 * unique token in its name).
 *
 * <p>Rules kept here: a holder learns it lost what it held when its session ends ({@code lost()}
 * stages); waiters watch only their predecessor, so a release wakes one client, not all.
 */
package io.warden.api.client.recipes;
