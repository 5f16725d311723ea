/**
 * The replica log: ZAB's log on one peer as a Pekko Persistence event-sourced behavior.
 *
 * <p>What lives here: {@link io.warden.persistence.replica.ReplicaLog} (the public protocol and
 * the batching front, and {@code ReplicaLog.PERSISTENCE_ID}, the one journal id of every node,
 * whatever its myid), {@link io.warden.persistence.replica.ReplicaState} (the pure state and
 * event handler: committed tree, pending proposals, epochs), the applied view (the committed tree
 * as served, which may run ahead of the journal's commit mark), the events
 * ({@link io.warden.persistence.replica.ReplicaEvent}), their binary codec and Pekko serializer,
 * the snapshot content, the snapshotter that saves it and the retention of snapshots and journal
 * prefix, and the source of ZAB DIFF sync ({@link io.warden.persistence.replica.ReadTxnsAfter}:
 * {@link io.warden.persistence.replica.DiffSource} with its memory window, journal index and
 * fold, pure; {@link io.warden.persistence.replica.TxnReader}, the journal read).
 *
 * <p>Rules kept here:
 * <ul>
 * <li>A reply or an {@code Applied} leaves only after the write it depends on is durable; side
 *     effects run in thenRun or on signals, never in the event handler, so replay is silent.</li>
 * <li>Everything queued while a write is in flight goes into the next write: one fsync for many
 *     txns. Queues are bounded; overload and bad input are rejected with a reason, never
 *     half-applied.</li>
 * <li>A COMMIT is never written on its own: it is applied at once to the applied view as far as
 *     the proposals are durable (the rest when the write in flight is), and the journal learns it
 *     with the next proposals. Lost in a crash, its txns come back pending, for the next leader to
 *     settle (ADR 0017). The event-sourced state changes only by events.</li>
 * <li>A leader's snapshot (ZAB SNAP) is installed in three durable steps: a no-op event, the
 *     snapshot saved under its sequence number, an event that switches the state; a crash recovers
 *     the old state or the new one, whole (ADR 0018).</li>
 * <li>Zxids increase and have no gap within an epoch; commits never pass the log; truncation
 *     never goes below the committed zxid; currentEpoch never passes acceptedEpoch. These are
 *     checked on every event, live or replayed; a violation stops the log.</li>
 * <li>Replaying the journal (from the latest snapshot) rebuilds the identical state: the tree
 *     digest, pending proposals and epochs.</li>
 * <li>A snapshot point every snapCount committed txns or snapSizeLimitInKb of them, whichever
 *     comes first; {@link io.warden.persistence.replica.Snapshotter} saves it off the write path,
 *     one save at a time (ADR 0014). Every autopurge.purgeInterval (never when 0) the newest
 *     snapRetainCount (at least 3) confirmed snapshots are kept, with the journal from the oldest
 *     kept one on.</li>
 * <li>Before recovery, {@link io.warden.persistence.replica.LogContinuity} checks that the journal
 *     continues the snapshot recovery will load (no entry missing after it, the log not ending
 *     before it, its txns following the snapshot's zxid); otherwise start-up is refused naming the
 *     files and the zxids lost, unless ZooKeeper's {@code snapshot.trust.empty} is set: then it
 *     WARNs and sets the segments past the break aside (ADR 0013). A log that installed a
 *     snapshot continues only that snapshot (ADR 0018).</li>
 * <li>DIFF's txns (ADR 0019): the last {@code commitLogCount} committed txns (500, and a byte bound)
 *     in memory, fed by the event handler so replay rebuilds them; older ones replayed from the
 *     journal by a reader actor while the log goes on writing, bounded by the request's limits
 *     and by {@code snapshotSizeFactor} x the snapshot's size. An answer is exactly the committed
 *     history after its base as the applied view sees it (commits without a write included), or
 *     "not available" (SNAP): every gap, deleted event, installed snapshot or limit refuses, never
 *     a partial list.</li>
 * <li>{@link io.warden.persistence.replica.ReplicaState}, the applied view, the DIFF source's cores
 *     and the codec import no Pekko.</li>
 * </ul>
 */
package io.warden.persistence.replica;
