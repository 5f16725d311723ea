/**
 * The commit stage: applies what the replica log committed, in zxid order, and makes it
 * visible.
 *
 * <p>Rules kept here (see ADR 0004): for each committed txn the stage fires its watches into
 * the watchers' connections first, then publishes the new tree as the read view, and only then
 * tells the writing session its request completed. Watch registrations are processed by the
 * same actor, in order with txns, and carry the zxid their read saw, so none is lost between a
 * read and its registration. The stage is the only writer of the {@link
 * io.warden.actors.commit.ReadView}.
 */
package io.warden.actors.commit;
