package io.warden.actors.election;

import io.warden.actors.election.ElectionEffect.Decided;
import io.warden.actors.election.ElectionEffect.ElectionTimer;
import io.warden.actors.election.ElectionNet.Peer;
import io.warden.api.data.Zxid;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario tests of fast leader election, each named by the situation it exercises. */
class ElectionCoreTest {
    private static final Voters THREE = Voters.of(1L, 2L, 3L);

    private static ElectionNet quietNet(Voters voters, Set<Long> observers) {
        return new ElectionNet(voters, observers, 1, 0.0, 5);
    }

    private static void assertOneLeader(ElectionNet net, long leader, int expectedDecisions) {
        Map<Long, Decided> decisions = net.decisions();
        assertEquals(expectedDecisions, decisions.size(), "decisions " + decisions);
        decisions.forEach((sid, d) -> {
            assertEquals(leader, d.vote().leader(), "peer " + sid + " decided " + d);
            PeerState expected = sid == leader ? PeerState.LEADING : d.role();
            assertEquals(expected, d.role());
        });
        assertEquals(PeerState.LEADING, decisions.get(leader).role());
    }

    @Test
    void equalZxids_electTheHigherSid() {
        ElectionNet net = quietNet(THREE, Set.of());
        for (long sid = 1; sid <= 3; sid++) {
            net.start(new Peer(sid, Zxid.of(1, 10), 1), 0);
        }
        assertTrue(net.runUntilDecided(10_000));
        assertOneLeader(net, 3, 3);
    }

    @Test
    void theHighestZxidLeads_whateverItsSid() {
        ElectionNet net = quietNet(THREE, Set.of());
        net.start(new Peer(1, Zxid.of(1, 12), 1), 0);
        net.start(new Peer(2, Zxid.of(1, 10), 1), 0);
        net.start(new Peer(3, Zxid.of(1, 11), 1), 0);
        assertTrue(net.runUntilDecided(10_000));
        assertOneLeader(net, 1, 3);
    }

    @Test
    void aHigherEpochBeatsAHigherZxid() {
        ElectionNet net = quietNet(THREE, Set.of());
        net.start(new Peer(1, Zxid.of(2, 1), 2), 0);
        net.start(new Peer(2, Zxid.of(1, 500), 1), 0);
        net.start(new Peer(3, Zxid.of(1, 499), 1), 0);
        assertTrue(net.runUntilDecided(10_000));
        assertOneLeader(net, 1, 3);
    }

    @Test
    void oneVoterDown_theOtherTwoElectTheBetterOfThem() {
        ElectionNet net = quietNet(THREE, Set.of());
        net.start(new Peer(1, Zxid.of(1, 5), 1), 0);
        net.start(new Peer(2, Zxid.of(1, 4), 1), 0);
        assertTrue(net.runUntilDecided(10_000));
        assertOneLeader(net, 1, 2);
    }

    @Test
    void aMinorityAlone_neverDecides() {
        ElectionNet net = quietNet(Voters.of(1L, 2L, 3L, 4L, 5L), Set.of());
        net.start(new Peer(1, 0, 0), 0);
        net.start(new Peer(2, 0, 0), 0);
        assertFalse(net.runUntilDecided(60_000));
        assertTrue(net.decisions().isEmpty());
    }

    @Test
    void aLateStarterWithMoreHistory_followsTheLeaderAlreadyElected() {
        Voters five = Voters.of(1L, 2L, 3L, 4L, 5L);
        ElectionNet net = quietNet(five, Set.of());
        for (long sid = 1; sid <= 3; sid++) {
            net.start(new Peer(sid, Zxid.of(1, 10), 1), 0);
        }
        assertTrue(net.runUntilDecided(10_000));
        assertOneLeader(net, 3, 3);
        net.start(new Peer(5, Zxid.of(1, 99), 1), net.nowMs() + 1);
        assertTrue(net.runUntilDecided(net.nowMs() + 10_000));
        assertOneLeader(net, 3, 4);
        assertEquals(PeerState.FOLLOWING, net.decisions().get(5L).role());
    }

    @Test
    void followersOfACrashedLeader_doNotMakeALateStarterFollowIt() {
        ElectionCore core = new ElectionCore(1, THREE, ElectionTiming.DEFAULT);
        core.start(Zxid.of(1, 1), 1, 0);
        Vote leader3 = new Vote(3, Zxid.of(1, 9), 1);
        core.onNotification(new Notification(2, PeerState.FOLLOWING, leader3, 4));
        assertFalse(core.isDecided(), "a quorum naming 3 without 3 saying LEADING is not enough");
        List<ElectionEffect> effects = core.onNotification(new Notification(3, PeerState.LEADING, leader3, 4));
        assertTrue(core.isDecided());
        assertEquals(new Decided(leader3, PeerState.FOLLOWING, 4), effects.get(effects.size() - 1));
        assertEquals(4, core.logicalClock());
    }

    @Test
    void aNewerRound_restartsTheTallyAndTheProposal() {
        ElectionCore core = new ElectionCore(1, THREE, ElectionTiming.DEFAULT);
        core.start(Zxid.of(1, 7), 1, 0);
        core.onNotification(new Notification(2, PeerState.LOOKING, new Vote(2, Zxid.of(1, 3), 1), 5));
        assertEquals(5, core.logicalClock());
        assertEquals(new Vote(1, Zxid.of(1, 7), 1), core.proposal(), "own vote is better than 2's");
        assertTrue(core.onTimer(ElectionTimer.FINALIZE).isEmpty(), "no quorum yet: finalize does nothing");
        core.onNotification(new Notification(2, PeerState.LOOKING, new Vote(1, Zxid.of(1, 7), 1), 5));
        List<ElectionEffect> effects = core.onTimer(ElectionTimer.FINALIZE);
        assertEquals(new Decided(new Vote(1, Zxid.of(1, 7), 1), PeerState.LEADING, 5),
                effects.get(effects.size() - 1));
    }

    @Test
    void aStaleRound_isNotCountedButAnsweredWithThisRoundsProposal() {
        ElectionCore core = new ElectionCore(1, THREE, ElectionTiming.DEFAULT);
        core.start(0, 0, 6);
        Notification stale = new Notification(2, PeerState.LOOKING, new Vote(2, 100, 9), 3);
        assertTrue(core.onNotification(stale).stream().noneMatch(e -> e instanceof Decided));
        assertEquals(new Vote(1, 0, 0), core.proposal(), "a better vote from an old round changes nothing");
        Notification answer = Responder.answer(1, PeerState.LOOKING, core.proposal(), core.logicalClock(), THREE,
                stale).orElseThrow();
        assertEquals(7, answer.electionEpoch());
        assertEquals(core.proposal(), answer.vote());
    }

    @Test
    void aBetterVoteDuringTheFinalizeWait_resumesTheElection() {
        ElectionCore core = new ElectionCore(2, THREE, ElectionTiming.DEFAULT);
        core.start(Zxid.of(1, 5), 1, 0);
        core.onNotification(new Notification(1, PeerState.LOOKING, new Vote(2, Zxid.of(1, 5), 1), 1));
        Vote better = new Vote(3, Zxid.of(1, 6), 1);
        List<ElectionEffect> effects = core.onNotification(new Notification(3, PeerState.LOOKING, better, 1));
        assertTrue(effects.contains(new ElectionEffect.CancelTimer(ElectionTimer.FINALIZE)));
        assertEquals(better, core.proposal());
        List<ElectionEffect> decided = core.onTimer(ElectionTimer.FINALIZE);
        assertEquals(new Decided(better, PeerState.FOLLOWING, 1), decided.get(decided.size() - 1),
                "the wait restarted for the better proposal, which a quorum (2 and 3) now holds");
    }

    @Test
    void aWorseVoteDuringTheFinalizeWait_isDropped() {
        ElectionCore core = new ElectionCore(3, THREE, ElectionTiming.DEFAULT);
        core.start(Zxid.of(1, 5), 1, 0);
        core.onNotification(new Notification(2, PeerState.LOOKING, new Vote(3, Zxid.of(1, 5), 1), 1));
        assertTrue(core.onNotification(new Notification(1, PeerState.LOOKING, new Vote(1, 0, 0), 1)).isEmpty());
        List<ElectionEffect> effects = core.onTimer(ElectionTimer.FINALIZE);
        assertEquals(PeerState.LEADING, ((Decided) effects.get(effects.size() - 1)).role());
    }

    @Test
    void anObserverNeverLeadsAndItsVotesDoNotCount() {
        ElectionNet net = quietNet(THREE, Set.of(9L));
        net.start(new Peer(9, Zxid.of(5, 1000), 5), 0);
        net.start(new Peer(1, Zxid.of(1, 1), 1), 0);
        net.start(new Peer(2, Zxid.of(1, 2), 1), 0);
        assertTrue(net.runUntilDecided(10_000));
        assertOneLeader(net, 2, 3);
        assertEquals(PeerState.OBSERVING, net.decisions().get(9L).role());

        ElectionCore voter = new ElectionCore(1, THREE, ElectionTiming.DEFAULT);
        voter.start(0, 0, 0);
        assertTrue(voter.onNotification(new Notification(9, PeerState.LOOKING, new Vote(9, 1, 1), 1)).isEmpty());
        assertTrue(Responder.answer(1, PeerState.LOOKING, voter.proposal(), 1, THREE,
                new Notification(9, PeerState.LOOKING, ElectionCore.NO_CANDIDATE, 1)).isPresent(),
                "an observer is always told the current vote");
    }

    @Test
    void aPeerThatIsNotLooking_answersOnlyThoseWhoAre() {
        Vote leader = new Vote(3, 7, 1);
        assertTrue(Responder.answer(1, PeerState.FOLLOWING, leader, 2, THREE,
                new Notification(2, PeerState.LOOKING, new Vote(2, 1, 1), 1)).isPresent());
        assertTrue(Responder.answer(1, PeerState.FOLLOWING, leader, 2, THREE,
                new Notification(2, PeerState.FOLLOWING, leader, 2)).isEmpty());
        assertNull(new ElectionCore(1, THREE, ElectionTiming.DEFAULT).decision());
    }
}
