/**
 * The write path's front: the request processor that turns a session's write into a txn
 * (ZooKeeper's PrepRequestProcessor, on the leader) and hands it to the replica log.
 *
 * <p>Rules kept here: requests are prepared one at a time in arrival order against the
 * speculative tree (committed state plus every txn already handed to the log), so a session's
 * pipelined writes see each other; zxids are assigned here and only here, contiguously; time
 * is read once per txn and stamped into it, so every replica applies the same time. A request
 * that fails preparation (no node, bad version, no auth...) becomes an error txn with its own
 * zxid, logged and answered in order like any other, as in ZooKeeper; only a request that cannot
 * even be read as an operation is answered at once (bad arguments) and consumes no zxid.
 *
 * <p>Overload is backpressure (ADR 0011): a bounded number of txns is in flight to the log, the
 * rest wait here while their sessions stop reading; the server's own writes (expired sessions,
 * paced deletions of {@code DeletionPacer}) use only the room left. Only a failed log write
 * stops the node.
 */
package io.warden.actors.request;
