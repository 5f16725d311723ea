package io.warden.actors.peer;

import io.warden.actors.election.PeerState;
import org.apache.pekko.actor.typed.Behavior;

import java.util.concurrent.CompletionStage;

/**
 * What a {@link QuorumPeer} runs once an election decided: the node's phase actors for the role
 * (discovery, synchronization and broadcast), and the log position its vote is made of. The
 * peer asks for the position before every election, since a role changes the log; it stops the
 * role's actor when liveness fails and looks again when the actor stops on its own.
 */
public interface Roles {

    /** This peer's last logged zxid and currentEpoch, as its log holds them now. */
    CompletionStage<QuorumPeer.LogPosition> position();

    /**
     * The phase actor for a decided role.
     *
     * @param role   LEADING, FOLLOWING or OBSERVING
     * @param leader the leader's sid (this peer's own while leading)
     */
    Behavior<RoleCommand> start(PeerState role, long leader, Peers peers, QuorumPeer.Settings settings);
}
