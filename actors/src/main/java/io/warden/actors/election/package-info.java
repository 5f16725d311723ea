/**
 * Fast leader election (ZooKeeper's FLE): how the voting members of an ensemble agree on a
 * leader after start-up or after losing one.
 *
 * <p>{@link io.warden.actors.election.ElectionCore} is a pure core: no Pekko, no clock, no
 * threads. It takes notifications and timer expiries and returns its effects as data (what to
 * send to whom, which timer to arm, the decision); the peer's election actor carries them out.
 * {@link io.warden.actors.election.Responder} answers notifications on behalf of a peer that is
 * not looking, so that late starters and observers learn the leader.
 * {@link io.warden.actors.election.NotificationCodec} is a notification's versioned binary form
 * between peers. The actor shell ({@code io.warden.actors.peer.Election}, a child of the
 * {@code QuorumPeer}) lives in {@code io.warden.actors.peer}, so this package stays pure.
 *
 * <p>Rules it keeps, ZooKeeper's: a vote is (leader sid, the leader's last logged zxid, its
 * current epoch); a vote is better when its epoch is higher, then its zxid, then its sid; a
 * round (election epoch) that is newer restarts the tally; only voters' notifications count; a
 * quorum of voters agreeing on this peer's proposal starts the finalize wait, and a better
 * notification arriving within it resumes the election; a quorum of peers already FOLLOWING or
 * LEADING settles the election only once the leader itself says it is LEADING.
 */
package io.warden.actors.election;
