package io.warden.actors.zab;

import io.warden.actors.election.Voters;
import io.warden.api.data.Zxid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The leader's side of ZAB discovery. Learners connect and send FOLLOWERINFO with their
 * acceptedEpoch; once a quorum of voters (the leader included) is known, the new epoch is one
 * more than the highest of their acceptedEpochs, so it is newer than any epoch a quorum ever
 * promised. The leader makes it durable as its own acceptedEpoch, then sends LEADERINFO; the
 * learners answer ACKEPOCH with their currentEpoch and last zxid, and once a quorum of voters
 * has, discovery is over. A learner whose history is ahead of the leader's means the election
 * went wrong: the leader gives up (back to looking), as ZooKeeper's does.
 * Mutable; owned by the leader's discovery actor. Observers join but never count.
 */
public final class LeaderDiscovery {
    private final long mySid;
    private final Voters voters;
    private final long myCurrentEpoch;
    private final long myLastZxid;
    private final Map<Long, Long> acceptedEpochs = new HashMap<>();
    private final Set<Long> acked = new HashSet<>();
    private long newEpoch = -1;
    private boolean epochDurable;

    /** The outcome of one step. */
    public sealed interface Step {
    }

    /** Nothing to do yet. */
    public record Wait() implements Step {
    }

    /** The epoch is chosen: make it this peer's acceptedEpoch (durably), then call {@link #epochLogged}. */
    public record LogAcceptedEpoch(long epoch) implements Step {
    }

    /** Send LEADERINFO(epoch) to these learners. */
    public record SendLeaderInfo(List<Long> to, long epoch) implements Step {
    }

    /** A quorum acked the new epoch: synchronize the learners. */
    public record Discovered(long epoch) implements Step {
    }

    /** This peer must not lead: go back to looking. */
    public record GiveUp(String reason) implements Step {
    }

    public LeaderDiscovery(long mySid, Voters voters, long myAcceptedEpoch, long myCurrentEpoch, long myLastZxid) {
        this.mySid = mySid;
        this.voters = Objects.requireNonNull(voters, "voters");
        this.myCurrentEpoch = myCurrentEpoch;
        this.myLastZxid = myLastZxid;
        acceptedEpochs.put(mySid, myAcceptedEpoch);
    }

    /** The chosen epoch, or -1 while a quorum is not yet known. */
    public long newEpoch() {
        return newEpoch;
    }

    /** FOLLOWERINFO from a learner (a second one from the same learner replaces the first). */
    public Step onFollowerInfo(long sid, long acceptedEpoch) {
        if (sid == mySid) {
            return new Wait();
        }
        if (newEpoch >= 0) {
            return epochDurable ? new SendLeaderInfo(List.of(sid), newEpoch) : new Wait();
        }
        acceptedEpochs.put(sid, acceptedEpoch);
        if (!voters.isQuorum(acceptedEpochs.keySet())) {
            return new Wait();
        }
        long highest = acceptedEpochs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        if (highest >= 0xFFFF_FFFFL) {
            return new GiveUp("the epoch space is exhausted at " + highest);
        }
        newEpoch = highest + 1;
        return new LogAcceptedEpoch(newEpoch);
    }

    /** The new epoch is this peer's durable acceptedEpoch: tell every learner known so far. */
    public Step epochLogged() {
        if (newEpoch < 0 || epochDurable) {
            throw new IllegalStateException("no epoch waits to be logged");
        }
        epochDurable = true;
        acked.add(mySid);
        List<Long> learners = new ArrayList<>(acceptedEpochs.keySet());
        learners.remove(mySid);
        learners.sort(Long::compare);
        return new SendLeaderInfo(learners, newEpoch);
    }

    /**
     * ACKEPOCH from a learner: its currentEpoch and last logged zxid. Acks before the epoch is
     * durable, or for another epoch, change nothing.
     */
    public Step onAckEpoch(long sid, long epoch, long learnerCurrentEpoch, long learnerLastZxid) {
        if (!epochDurable || epoch != newEpoch || sid == mySid) {
            return new Wait();
        }
        if (learnerCurrentEpoch > myCurrentEpoch
                || (learnerCurrentEpoch == myCurrentEpoch && learnerLastZxid > myLastZxid)) {
            return new GiveUp("learner " + sid + " is ahead: epoch " + learnerCurrentEpoch + ", zxid "
                    + Zxid.toHex(learnerLastZxid) + " against this leader's epoch " + myCurrentEpoch + ", zxid "
                    + Zxid.toHex(myLastZxid));
        }
        boolean wasQuorum = voters.isQuorum(acked);
        acked.add(sid);
        return !wasQuorum && voters.isQuorum(acked) ? new Discovered(newEpoch) : new Wait();
    }
}
