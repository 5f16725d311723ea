package io.warden.actors.election;

import io.warden.api.data.Zxid;

/**
 * A proposal for leader: the candidate's sid, its last logged zxid and its current epoch (the
 * epoch of the last leader it synced with).
 */
public record Vote(long leader, long zxid, long peerEpoch) {

    /**
     * ZooKeeper's total order on votes: a higher epoch wins, then a higher zxid, then a higher
     * sid. Whoever has seen the most history leads, so nothing a quorum accepted is lost.
     */
    public boolean isBetterThan(Vote other) {
        if (peerEpoch != other.peerEpoch) {
            return peerEpoch > other.peerEpoch;
        }
        if (zxid != other.zxid) {
            return zxid > other.zxid;
        }
        return leader > other.leader;
    }

    @Override
    public String toString() {
        return "Vote[leader " + leader + ", zxid " + Zxid.toHex(zxid) + ", epoch " + peerEpoch + "]";
    }
}
