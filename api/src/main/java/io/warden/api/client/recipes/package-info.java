/**
 * Coordination recipes on {@link io.warden.api.client.WardenClient}: lock, read-write lock,
 * semaphore, leader election, barrier, double barrier, queue, counter, service registry, config
 * watcher. Each is a small state machine over the client's stages: no thread blocks inside a
 * recipe, and every recipe tolerates the connection breaking mid-operation (a sequential create
 * whose answer was lost is found again by the unique token in its name).
 *
 * <p>Rules kept here: a holder learns it lost what it held when its session ends ({@code lost()}
 * stages); waiters on a lock, read-write lock or election watch only the node that blocks them, so
 * a release wakes one client, not all (the semaphore and the double barrier watch a directory and
 * say so); state streams ({@code LatestValue}) hold one value per
 * subscriber, never a backlog.
 */
package io.warden.api.client.recipes;
