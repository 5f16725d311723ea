package io.warden.actors.election;

import io.warden.actors.election.ElectionEffect.ArmTimer;
import io.warden.actors.election.ElectionEffect.CancelTimer;
import io.warden.actors.election.ElectionEffect.Decided;
import io.warden.actors.election.ElectionEffect.ElectionTimer;
import io.warden.actors.election.ElectionEffect.SendToVoters;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of fast leader election on one peer, as a pure state machine: {@link #start},
 * then {@link #onNotification} and {@link #onTimer} until a {@link Decided} effect; after that
 * the core ignores everything (a new election is a new core). Mutable, owned by one actor.
 *
 * <p>The tally keeps ZooKeeper's two sets: {@code round} holds the votes of this round (from
 * peers looking, and from peers already following or leading whose decision came from this
 * round); {@code settled} holds what peers outside the election (following or leading, any
 * round) say, so that a peer that starts late, or restarts, joins an ensemble that already has
 * a leader without disturbing it.
 */
public final class ElectionCore {
    /** The vote of a peer that may not lead (an observer): every voter's vote is better. */
    public static final Vote NO_CANDIDATE = new Vote(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

    private final long mySid;
    private final Voters voters;
    private final ElectionTiming timing;
    private final Map<Long, Ballot> round = new HashMap<>();
    private final Map<Long, Ballot> settled = new HashMap<>();
    private long logicalClock;
    private Vote ownVote;
    private Vote proposal;
    private boolean finalizing;
    private boolean started;
    private Decided decision;
    private long resendIntervalMs;

    /** A vote as counted: with the round it was cast in and the state of whoever cast it. */
    private record Ballot(Vote vote, long electionEpoch, PeerState state) {
        /**
         * ZooKeeper's vote equality: while either side is looking, votes agree only when they
         * agree on everything; peers that have settled agree when they name the same leader in
         * the same epoch (their rounds may differ).
         */
        boolean agreesWith(Ballot other) {
            if (state == PeerState.LOOKING || other.state == PeerState.LOOKING) {
                return vote.equals(other.vote) && electionEpoch == other.electionEpoch;
            }
            return vote.leader() == other.vote.leader() && vote.peerEpoch() == other.vote.peerEpoch();
        }
    }

    public ElectionCore(long mySid, Voters voters, ElectionTiming timing) {
        this.mySid = mySid;
        this.voters = Objects.requireNonNull(voters, "voters");
        this.timing = Objects.requireNonNull(timing, "timing");
    }

    /**
     * Starts the election: this peer proposes itself (a voter) or nobody (an observer) and tells
     * every voter.
     *
     * @param lastLoggedZxid    the last zxid in this peer's log, committed or not
     * @param currentEpoch      this peer's currentEpoch
     * @param lastElectionEpoch the round of the previous election this process ran (0 after start-up)
     */
    public List<ElectionEffect> start(long lastLoggedZxid, long currentEpoch, long lastElectionEpoch) {
        if (started) {
            throw new IllegalStateException("an election core runs once");
        }
        started = true;
        logicalClock = lastElectionEpoch + 1;
        ownVote = isVoter() ? new Vote(mySid, lastLoggedZxid, currentEpoch) : NO_CANDIDATE;
        resendIntervalMs = timing.finalizeWaitMs();
        List<ElectionEffect> effects = new ArrayList<>();
        propose(ownVote, effects);
        effects.add(new ArmTimer(ElectionTimer.RESEND, resendIntervalMs));
        return effects;
    }

    public boolean isDecided() {
        return decision != null;
    }

    /** The decision, or null while the election runs. */
    public Decided decision() {
        return decision;
    }

    /** This peer's current round (ZooKeeper's logical clock). */
    public long logicalClock() {
        return logicalClock;
    }

    /** What this peer proposes right now. */
    public Vote proposal() {
        return proposal;
    }

    /** A notification from a peer. Notifications from non-voters, or naming a non-voter, do not count. */
    public List<ElectionEffect> onNotification(Notification n) {
        if (!started || decision != null || !voters.isVoter(n.sender()) || !voters.isVoter(n.vote().leader())) {
            return List.of();
        }
        List<ElectionEffect> effects = new ArrayList<>();
        if (finalizing) {
            if (!n.vote().isBetterThan(proposal)) {
                return effects; // ZooKeeper drops what is not better during the finalize wait
            }
            finalizing = false;
            effects.add(new CancelTimer(ElectionTimer.FINALIZE));
        }
        effects.add(new ArmTimer(ElectionTimer.RESEND, resendIntervalMs));
        if (n.state() == PeerState.LOOKING) {
            onLooking(n, effects);
        } else if (n.state() == PeerState.FOLLOWING || n.state() == PeerState.LEADING) {
            onSettled(n, effects);
        }
        return effects;
    }

    /** A timer armed by an earlier effect expired. */
    public List<ElectionEffect> onTimer(ElectionTimer timer) {
        if (!started || decision != null) {
            return List.of();
        }
        List<ElectionEffect> effects = new ArrayList<>();
        switch (timer) {
            case RESEND -> {
                effects.add(new SendToVoters(notification()));
                resendIntervalMs = Math.min(resendIntervalMs * 2, timing.maxNotificationIntervalMs());
                effects.add(new ArmTimer(ElectionTimer.RESEND, resendIntervalMs));
            }
            case FINALIZE -> {
                if (finalizing) {
                    decide(proposal, logicalClock, effects);
                }
            }
        }
        return effects;
    }

    /** What this peer says while it looks. */
    public Notification notification() {
        return new Notification(mySid, PeerState.LOOKING, proposal, logicalClock);
    }

    private void onLooking(Notification n, List<ElectionEffect> effects) {
        if (n.electionEpoch() > logicalClock) {
            logicalClock = n.electionEpoch();
            round.clear();
            propose(n.vote().isBetterThan(ownVote) ? n.vote() : ownVote, effects);
        } else if (n.electionEpoch() < logicalClock) {
            return; // a stale round: the responder has answered it with this round's proposal
        } else if (n.vote().isBetterThan(proposal)) {
            propose(n.vote(), effects);
        }
        round.put(n.sender(), new Ballot(n.vote(), n.electionEpoch(), PeerState.LOOKING));
        if (quorumAgrees(round, new Ballot(proposal, logicalClock, PeerState.LOOKING))) {
            finalizing = true;
            effects.add(new ArmTimer(ElectionTimer.FINALIZE, timing.finalizeWaitMs()));
        }
    }

    private void onSettled(Notification n, List<ElectionEffect> effects) {
        Ballot ballot = new Ballot(n.vote(), n.electionEpoch(), n.state());
        if (n.electionEpoch() == logicalClock) {
            round.put(n.sender(), ballot);
            if (quorumAgrees(round, ballot) && leaderConfirmed(round, n.vote().leader(), n.electionEpoch())) {
                decide(n.vote(), n.electionEpoch(), effects);
                return;
            }
        }
        settled.put(n.sender(), ballot);
        if (quorumAgrees(settled, ballot) && leaderConfirmed(settled, n.vote().leader(), n.electionEpoch())) {
            logicalClock = n.electionEpoch();
            decide(n.vote(), n.electionEpoch(), effects);
        }
    }

    /**
     * ZooKeeper's checkLeader: a quorum naming another peer is not enough, that peer must itself
     * say it leads (otherwise a crashed leader would be followed forever); a quorum naming this
     * peer must come from this peer's own round.
     */
    private boolean leaderConfirmed(Map<Long, Ballot> votes, long leader, long electionEpoch) {
        if (leader != mySid) {
            Ballot fromLeader = votes.get(leader);
            return fromLeader != null && fromLeader.state() == PeerState.LEADING;
        }
        return logicalClock == electionEpoch;
    }

    private boolean quorumAgrees(Map<Long, Ballot> votes, Ballot ballot) {
        List<Long> agreeing = new ArrayList<>();
        votes.forEach((sid, b) -> {
            if (b.agreesWith(ballot)) {
                agreeing.add(sid);
            }
        });
        return voters.isQuorum(agreeing);
    }

    private void propose(Vote vote, List<ElectionEffect> effects) {
        proposal = vote;
        if (isVoter()) {
            round.put(mySid, new Ballot(vote, logicalClock, PeerState.LOOKING));
        }
        effects.add(new SendToVoters(notification()));
    }

    private void decide(Vote vote, long electionEpoch, List<ElectionEffect> effects) {
        PeerState role;
        if (vote.leader() == mySid) {
            role = PeerState.LEADING;
        } else {
            role = isVoter() ? PeerState.FOLLOWING : PeerState.OBSERVING;
        }
        decision = new Decided(vote, role, electionEpoch);
        finalizing = false;
        effects.add(new CancelTimer(ElectionTimer.RESEND));
        effects.add(new CancelTimer(ElectionTimer.FINALIZE));
        effects.add(decision);
    }

    private boolean isVoter() {
        return voters.isVoter(mySid);
    }
}
