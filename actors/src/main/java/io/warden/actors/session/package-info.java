/**
 * Sessions: the Session actor of each client session and the pure rules around it.
 *
 * <p>{@link io.warden.actors.session.SessionExpiry} is a pure core (no Pekko, no clock, no
 * threads): time comes in as an argument. Rules kept, ZooKeeper's: a session's deadline is
 * its last activity plus its negotiated timeout, rounded up to the next tick, so that
 * expiries happen in batches on tick boundaries; a session is expired only by the server
 * that tracks it, through a closeSession txn, never by a client.
 */
package io.warden.actors.session;
