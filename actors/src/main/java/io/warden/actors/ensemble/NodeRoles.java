package io.warden.actors.ensemble;

import io.warden.actors.election.PeerState;
import io.warden.actors.peer.Peers;
import io.warden.actors.peer.QuorumPeer;
import io.warden.actors.peer.RoleCommand;
import io.warden.actors.peer.Roles;
import io.warden.persistence.replica.ReplicaLog;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/** The phase actors of an ensemble member, over its replica log (see {@link Roles}). */
public final class NodeRoles implements Roles {
    private final NodeContext node;
    private final ActorSystem<?> system;

    public NodeRoles(NodeContext node, ActorSystem<?> system) {
        this.node = node;
        this.system = system;
    }

    @Override
    public CompletionStage<QuorumPeer.LogPosition> position() {
        return new LogAsks(node.log(), system).<ReplicaLog.StateView>ask(ReplicaLog.GetSnapshotOfState::new)
                .thenApply(state -> new QuorumPeer.LogPosition(state.lastLoggedZxid(), state.currentEpoch()));
    }

    /**
     * A learner must be synchronized, and a leader must have a quorum synchronized, within
     * initLimit ticks (ZooKeeper's bound for connecting and syncing with a leader).
     */
    @Override
    public Behavior<RoleCommand> start(PeerState role, long leader, Peers peers, QuorumPeer.Settings settings) {
        Duration bound = Duration.ofMillis(settings.tickMs() * settings.initLimit());
        return switch (role) {
            case LEADING -> LeaderRole.create(node, peers, settings.voters(), bound);
            case FOLLOWING -> FollowerRole.create(node, peers, leader, false, bound);
            case OBSERVING -> FollowerRole.create(node, peers, leader, true, bound);
            case LOOKING -> throw new IllegalArgumentException("no role while looking");
        };
    }
}
