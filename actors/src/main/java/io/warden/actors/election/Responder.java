package io.warden.actors.election;

import java.util.Optional;

/**
 * What a peer answers to a notification before (or instead of) counting it, ZooKeeper's
 * receiver rules: a non-voter (an observer looking for its leader) is told this peer's current
 * vote; a looking peer is told the leader by a peer that is not looking; a looking peer in an
 * older round is told this round's proposal, so it catches up.
 */
public final class Responder {
    private Responder() {
    }

    /**
     * @param myState       this peer's state
     * @param myVote        its proposal while looking, its leader's vote otherwise
     * @param myRound       its current round while looking, the deciding round otherwise
     * @return the answer to send to {@code n.sender()}, if any
     */
    public static Optional<Notification> answer(long mySid, PeerState myState, Vote myVote, long myRound,
                                                Voters voters, Notification n) {
        if (n.sender() == mySid) {
            return Optional.empty();
        }
        Notification mine = new Notification(mySid, myState, myVote, myRound);
        if (!voters.isVoter(n.sender())) {
            return Optional.of(mine);
        }
        if (myState == PeerState.LOOKING) {
            return n.state() == PeerState.LOOKING && n.electionEpoch() < myRound ? Optional.of(mine) : Optional.empty();
        }
        return n.state() == PeerState.LOOKING ? Optional.of(mine) : Optional.empty();
    }
}
