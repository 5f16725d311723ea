/**
 * The replica log: ZAB's log on one peer as a Pekko Persistence event-sourced behavior.
 *
 * <p>What lives here: {@link io.warden.persistence.replica.ReplicaLog} (the public protocol and
 * the batching front), {@link io.warden.persistence.replica.ReplicaState} (the pure state and
 * event handler: committed tree, pending proposals, epochs), the events
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
 *     WARNs and sets the segments past the break aside (ADR 0013).</li>
 * <li>DIFF's txns (ADR 0017): the last {@code commitLogCount} committed txns (500, and a byte bound)
 *     in memory, fed by the event handler so replay rebuilds them; older ones replayed from the
 *     journal by a reader actor while the log goes on writing, bounded by the request's limits
 *     and by {@code snapshotSizeFactor} x the snapshot's size. An answer is exactly the committed
 *     history after its base, or "not available" (SNAP): every gap, deleted event, history-replacing
 *     event or limit refuses, never a partial list.</li>
 * <li>{@link io.warden.persistence.replica.ReplicaState}, the DIFF source's cores and the codec
 *     import no Pekko.</li>
 * </ul>
 */
package io.warden.persistence.replica;
