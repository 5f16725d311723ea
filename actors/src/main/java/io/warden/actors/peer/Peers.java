package io.warden.actors.peer;

import org.apache.pekko.actor.typed.ActorRef;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The other members of the ensemble as this peer reaches them: one address per sid. Over Artery
 * these are remote references resolved from static paths ({@link PeerTransport#remotePeers});
 * in tests they may be any local actors. Sending is fire-and-forget and at most once, as the
 * transport is: a message to a peer that is down is lost, and whoever sent it resends on its
 * own timer (election) or notices the silence (pings).
 */
public final class Peers {
    private final long mySid;
    private final Map<Long, ActorRef<PeerMessage>> refs;

    public Peers(long mySid, Map<Long, ActorRef<PeerMessage>> refs) {
        if (refs.containsKey(mySid)) {
            throw new IllegalArgumentException("a peer does not send to itself (sid " + mySid + ")");
        }
        this.mySid = mySid;
        this.refs = Map.copyOf(refs);
    }

    public long mySid() {
        return mySid;
    }

    /** The sids this peer can reach: every member but itself. */
    public Set<Long> sids() {
        return refs.keySet();
    }

    public void send(long sid, PeerMessage message) {
        Objects.requireNonNull(message, "message");
        ActorRef<PeerMessage> ref = refs.get(sid);
        if (ref != null) {
            ref.tell(message);
        }
    }

    public void sendAll(Collection<Long> sids, PeerMessage message) {
        for (long sid : sids) {
            if (sid != mySid) {
                send(sid, message);
            }
        }
    }

    @Override
    public String toString() {
        return "Peers[" + mySid + " -> " + refs + "]";
    }
}
