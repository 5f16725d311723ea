package io.warden.actors.peer;

import io.warden.actors.zab.ZabPacket;
import io.warden.persistence.replica.ReplicaLog;

import java.util.Objects;

/**
 * What a role's phase actor (leading, following, observing) accepts from its {@link QuorumPeer}:
 * packets from other peers and the replica log's output. Each role adds private messages of its
 * own.
 */
public interface RoleCommand {

    /** A ZAB packet from peer {@code from}. */
    record FromPeer(long from, ZabPacket packet) implements RoleCommand {
        public FromPeer {
            Objects.requireNonNull(packet, "packet");
        }
    }

    /** What the replica log told its listener (applied txns, in zxid order). */
    record FromLog(ReplicaLog.Output output) implements RoleCommand {
        public FromLog {
            Objects.requireNonNull(output, "output");
        }
    }
}
