/**
 * ZAB after election: discovery (the new epoch), synchronization (DIFF / TRUNC / SNAP) and
 * broadcast (PROPOSAL / ACK / COMMIT), as pure cores that the peer's phase actors drive.
 *
 * <p>Every class here is a pure core: no Pekko, no clock, no threads, no I/O. Rules kept:
 * <ul>
 * <li>{@link io.warden.actors.zab.LeaderDiscovery}: the new epoch is one more than the highest
 *     acceptedEpoch of a quorum (the leader included); the leader refuses to lead a follower
 *     whose history is ahead of its own.</li>
 * <li>{@link io.warden.actors.zab.FollowerEpochs}: a follower promises a new epoch only when it
 *     is not older than the one it accepted; the promise is durable before it is answered.</li>
 * <li>{@link io.warden.actors.zab.SyncPlanner}: a follower missing txns the leader still holds
 *     gets a DIFF; one holding txns the leader never had is TRUNCated to the last zxid they share
 *     first; one too far behind, or behind more than the DIFF limit, gets a SNAP.</li>
 * <li>{@link io.warden.actors.zab.PeerLiveness}: a peer not heard from yet has initLimit ticks,
 *     then syncLimit ticks between two messages; a leader leads while it hears a quorum of
 *     voters, a learner follows while it hears its leader (the pings that the QuorumPeer
 *     exchanges today; the broadcast phase will keep them).</li>
 * <li>{@link io.warden.actors.zab.QuorumTracker}: a proposal commits once a quorum of voters
 *     (the leader's own durable log included) acked it, and proposals commit in zxid order only;
 *     observers' acks never count.</li>
 * <li>{@link io.warden.actors.zab.TxnWindow}: the leader's txns in memory for DIFF; the
 *     committed part is bounded, what is not committed yet always stays.</li>
 * </ul>
 * {@link io.warden.actors.zab.ZabPacket} is what leader and learners say to each other, and
 * {@link io.warden.actors.zab.ZabPacketCodec} its versioned binary form (no Java serialization);
 * a packet that is not fully understood is refused, never half-acted on.
 *
 * <p>The phase actors that drive them are in {@code io.warden.actors.ensemble} (ADR 0020).
 */
package io.warden.actors.zab;
