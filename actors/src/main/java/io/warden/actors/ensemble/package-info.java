/**
 * The node's side of an ensemble: the phase actors a {@link io.warden.actors.peer.QuorumPeer}
 * runs once an election decided ({@link io.warden.actors.ensemble.LeaderRole},
 * {@link io.warden.actors.ensemble.FollowerRole}), and the client-serving actors each role starts
 * once synchronized ({@link io.warden.actors.ensemble.Serving}).
 *
 * <p>Rules kept here:
 * <ul>
 * <li>A learner serves clients only after UPTODATE and a leader only after a quorum acked
 *     NEWLEADER; a role that ends stops its serving actors, which closes every client connection
 *     (clients move to another server, as they do with ZooKeeper).</li>
 * <li>No ACK leaves a follower before its log made the proposal durable; the leader counts its
 *     own durable append as its ACK and commits in zxid order once a quorum of voters acked.</li>
 * <li>A learner forwards writes, session creation and sync to its leader and answers its client
 *     when the txn carrying the client's (session, cxid) is applied on its own log: it never
 *     answers before its own view shows the write.</li>
 * <li>Sessions are global and the leader's tracker expires them; learners relay their clients'
 *     liveness with their pings.</li>
 * <li>Any packet that does not fit the protocol state (a gap, a rejected append, an unknown
 *     phase) ends the role: the peer looks again and resynchronizes, never carries on.</li>
 * </ul>
 */
package io.warden.actors.ensemble;
