package io.warden.actors.peer;

import io.warden.actors.election.Notification;
import io.warden.actors.zab.ZabPacket;

import java.util.Objects;

/**
 * What crosses between peers: the one message type a peer's endpoint accepts from the
 * transport. {@link PeerSerializer} writes it; nothing here is ever Java-serialized.
 */
public sealed interface PeerMessage extends QuorumPeer.Command {

    /** An election notification; its sender is inside it. */
    record Notify(Notification notification) implements PeerMessage {
        public Notify {
            Objects.requireNonNull(notification, "notification");
        }
    }

    /** A ZAB packet from peer {@code from}. */
    record Zab(long from, ZabPacket packet) implements PeerMessage {
        public Zab {
            Objects.requireNonNull(packet, "packet");
        }
    }
}
