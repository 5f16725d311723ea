package io.warden.actors.zab;

import io.warden.actors.election.Voters;
import io.warden.api.data.Zxid;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuorumTrackerTest {
    private static final Voters THREE = Voters.of(1L, 2L, 3L);
    private static final long Z1 = Zxid.of(2, 1);
    private static final long Z2 = Zxid.of(2, 2);
    private static final long Z3 = Zxid.of(2, 3);

    private static QuorumTracker tracker(Voters voters) {
        QuorumTracker t = new QuorumTracker(voters, Zxid.of(1, 9), 100);
        t.propose(Z1);
        t.propose(Z2);
        t.propose(Z3);
        return t;
    }

    @Test
    void theLeadersOwnLogAndOneFollower_commitInAnEnsembleOfThree() {
        QuorumTracker t = tracker(THREE);
        assertEquals(0, t.ack(1, Z1), "the leader alone is no quorum");
        assertEquals(Z1, t.ack(2, Z1));
        assertEquals(Z1, t.lastCommitted());
    }

    @Test
    void acksAreCumulative_oneAckForABatchCommitsItAll() {
        QuorumTracker t = tracker(THREE);
        t.ack(1, Z3);
        assertEquals(Z3, t.ack(3, Z3));
        assertEquals(0, t.outstandingCount());
    }

    @Test
    void aLaterProposalWithAQuorum_waitsForTheEarlierOne() {
        QuorumTracker t = tracker(Voters.of(1L, 2L, 3L, 4L, 5L));
        t.ack(1, Z3);
        t.ack(2, Z3);
        t.ack(3, Z1);
        assertEquals(Z1, t.lastCommitted(), "Z2 and Z3 have only two acks");
        assertEquals(Z3, t.ack(4, Z3));
    }

    @Test
    void observersAcks_neverCount() {
        QuorumTracker t = tracker(THREE);
        t.ack(1, Z3);
        assertEquals(0, t.ack(9, Z3));
        assertEquals(Zxid.of(1, 9), t.lastCommitted());
    }

    @Test
    void staleDuplicateAndUnproposedAcks_changeNothing() {
        QuorumTracker t = tracker(THREE);
        t.ack(1, Z2);
        assertEquals(Z2, t.ack(2, Z2));
        assertEquals(0, t.ack(2, Z1), "an older ack does not lower what 2 acked");
        assertEquals(0, t.ack(2, Z2), "a duplicate");
        assertEquals(0, t.ack(3, Zxid.of(2, 7)), "never proposed");
        assertEquals(Z2, t.lastCommitted());
    }

    @Test
    void proposalsMustIncreaseAndStayWithinTheBound() {
        QuorumTracker t = new QuorumTracker(THREE, 0, 1);
        t.propose(Z1);
        assertFalse(t.hasRoom());
        assertThrows(IllegalStateException.class, () -> t.propose(Z2));
        assertThrows(IllegalStateException.class, () -> new QuorumTracker(THREE, Z2, 5).propose(Z1));
    }
}
