/**
 * Offline tools for a peer's files: {@link io.warden.persistence.dump.LogDump} prints the replica
 * log's journal (one line per txn) and its snapshots' headers, as ZooKeeper's LogFormatter does
 * for its txn logs.
 *
 * <p>Rules kept here: a tool never writes to the directories it reads (it works on a private
 * copy); it needs no actor system; damaged input is reported, never guessed at.
 */
package io.warden.persistence.dump;
