package io.warden.actors.zab;

import io.warden.actors.election.Voters;
import io.warden.api.data.Zxid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The leader's count of acks for its outstanding proposals. An ack for zxid z from a peer means
 * that peer has logged every proposal up to z durably (followers log in order over an ordered
 * channel and ack the last zxid of each durable batch), so acks are cumulative per peer. A
 * proposal commits when a quorum of voters acked it and every proposal before it has committed.
 * Mutable; owned by the leader's broadcast actor.
 */
public final class QuorumTracker {
    private final Voters voters;
    private final ArrayDeque<Long> outstanding = new ArrayDeque<>();
    private final Map<Long, Long> ackedUpTo = new HashMap<>();
    private final int maxOutstanding;
    private long lastProposed;
    private long lastCommitted;

    /**
     * @param lastCommitted  the zxid everything up to which is committed when broadcast starts
     * @param maxOutstanding the most proposals that may wait for acks (a bound, not a batch size)
     */
    public QuorumTracker(Voters voters, long lastCommitted, int maxOutstanding) {
        this.voters = Objects.requireNonNull(voters, "voters");
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be positive: " + maxOutstanding);
        }
        this.maxOutstanding = maxOutstanding;
        this.lastProposed = lastCommitted;
        this.lastCommitted = lastCommitted;
    }

    /** True when another proposal may be made (the bound on outstanding proposals holds). */
    public boolean hasRoom() {
        return outstanding.size() < maxOutstanding;
    }

    public int outstandingCount() {
        return outstanding.size();
    }

    public long lastProposed() {
        return lastProposed;
    }

    public long lastCommitted() {
        return lastCommitted;
    }

    /** A new proposal; zxids must increase. */
    public void propose(long zxid) {
        if (zxid <= lastProposed) {
            throw new IllegalStateException("proposal " + Zxid.toHex(zxid) + " does not follow "
                    + Zxid.toHex(lastProposed));
        }
        if (!hasRoom()) {
            throw new IllegalStateException("more than " + maxOutstanding + " outstanding proposals");
        }
        outstanding.addLast(zxid);
        lastProposed = zxid;
    }

    /**
     * A peer's durable log reaches zxid (the leader acks its own proposals the same way).
     * Returns the zxid up to which everything is now committed if that advanced, else 0. Acks
     * from non-voters, for zxids never proposed, or older than the peer's last ack change
     * nothing (Artery may duplicate nothing, but a reconnecting follower may ack again).
     */
    public long ack(long sid, long zxid) {
        if (!voters.isVoter(sid) || zxid > lastProposed) {
            return 0;
        }
        ackedUpTo.merge(sid, zxid, Math::max);
        long before = lastCommitted;
        while (!outstanding.isEmpty() && hasQuorum(outstanding.peekFirst())) {
            lastCommitted = outstanding.pollFirst();
        }
        return lastCommitted != before ? lastCommitted : 0;
    }

    /** The voters whose acks reach zxid. */
    public List<Long> ackers(long zxid) {
        List<Long> out = new ArrayList<>();
        ackedUpTo.forEach((sid, upTo) -> {
            if (upTo >= zxid) {
                out.add(sid);
            }
        });
        return out;
    }

    private boolean hasQuorum(long zxid) {
        return voters.isQuorum(ackers(zxid));
    }
}
