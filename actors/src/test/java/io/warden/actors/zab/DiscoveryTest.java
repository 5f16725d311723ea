package io.warden.actors.zab;

import io.warden.actors.election.Voters;
import io.warden.actors.zab.LeaderDiscovery.Discovered;
import io.warden.actors.zab.LeaderDiscovery.GiveUp;
import io.warden.actors.zab.LeaderDiscovery.LogAcceptedEpoch;
import io.warden.actors.zab.LeaderDiscovery.SendLeaderInfo;
import io.warden.actors.zab.LeaderDiscovery.Wait;
import io.warden.api.data.Zxid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class DiscoveryTest {
    private static final Voters FIVE = Voters.of(1L, 2L, 3L, 4L, 5L);

    @Test
    void theNewEpoch_isOneMoreThanTheHighestAcceptedEpochOfAQuorum() {
        LeaderDiscovery d = new LeaderDiscovery(1, FIVE, 4, 4, Zxid.of(4, 9));
        assertInstanceOf(Wait.class, d.onFollowerInfo(2, 6));
        assertEquals(new LogAcceptedEpoch(7), d.onFollowerInfo(3, 5));
        assertEquals(new SendLeaderInfo(List.of(2L, 3L), 7), d.epochLogged());
        assertEquals(new SendLeaderInfo(List.of(4L), 7), d.onFollowerInfo(4, 9), "late learners join the chosen epoch");
    }

    @Test
    void observers_neverMakeTheQuorum() {
        LeaderDiscovery d = new LeaderDiscovery(1, Voters.of(1L, 2L, 3L), 1, 1, 0);
        assertInstanceOf(Wait.class, d.onFollowerInfo(7, 30));
        assertEquals(new LogAcceptedEpoch(31), d.onFollowerInfo(2, 1),
                "an observer's promise is kept too, so its epoch is never reused");
    }

    @Test
    void aQuorumOfAckEpochs_endsDiscovery_andAcksBeforeTheEpochIsDurableDoNot() {
        LeaderDiscovery d = new LeaderDiscovery(1, Voters.of(1L, 2L, 3L), 1, 1, Zxid.of(1, 5));
        d.onFollowerInfo(2, 1);
        assertInstanceOf(Wait.class, d.onAckEpoch(2, 2, 1, Zxid.of(1, 5)), "the epoch is not durable yet");
        d.epochLogged();
        assertInstanceOf(Wait.class, d.onAckEpoch(2, 9, 1, Zxid.of(1, 5)), "another epoch");
        assertEquals(new Discovered(2), d.onAckEpoch(2, 2, 1, Zxid.of(1, 3)));
        assertInstanceOf(Wait.class, d.onAckEpoch(3, 2, 1, Zxid.of(1, 3)), "reported once");
    }

    @Test
    void aLearnerAheadOfTheLeader_makesTheLeaderGiveUp() {
        LeaderDiscovery d = new LeaderDiscovery(1, Voters.of(1L, 2L, 3L), 1, 1, Zxid.of(1, 5));
        d.onFollowerInfo(2, 1);
        d.epochLogged();
        assertInstanceOf(GiveUp.class, d.onAckEpoch(2, 2, 1, Zxid.of(1, 6)));
        LeaderDiscovery e = new LeaderDiscovery(1, Voters.of(1L, 2L, 3L), 1, 1, Zxid.of(1, 5));
        e.onFollowerInfo(3, 2);
        e.epochLogged();
        assertInstanceOf(GiveUp.class, e.onAckEpoch(3, 3, 2, Zxid.of(2, 1)));
    }

    @Test
    void aFollower_promisesOnlyNewerEpochs() {
        assertEquals(new FollowerEpochs.AcceptThenAck(5), FollowerEpochs.onLeaderInfo(5, 4));
        assertEquals(new FollowerEpochs.AckAgain(5), FollowerEpochs.onLeaderInfo(5, 5));
        assertInstanceOf(FollowerEpochs.Refuse.class, FollowerEpochs.onLeaderInfo(4, 5));
    }
}
