package io.warden.actors.peer;

import com.typesafe.config.ConfigFactory;
import io.warden.actors.election.ElectionEffect.Decided;
import io.warden.actors.election.ElectionTiming;
import io.warden.actors.election.Notification;
import io.warden.actors.election.PeerState;
import io.warden.actors.election.Vote;
import io.warden.actors.election.Voters;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The election actor over an in-memory transport (probes stand for the other peers), on
 * simulated time: what it sends, when its timers fire, what it reports.
 */
class ElectionTest {
    private static final ActorTestKit testKit =
            ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));
    private static final ManualTime time = ManualTime.get(testKit.system());
    private static final ElectionTiming TIMING = new ElectionTiming(200, 800);
    private static final Voters VOTERS = Voters.of(1L, 2L, 3L);

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private record Run(ActorRef<Election.Command> election, TestProbe<PeerMessage> p1, TestProbe<PeerMessage> p2,
                       TestProbe<PeerMessage> p3, TestProbe<Decided> decisions) {
        TestProbe<PeerMessage> probe(long sid) {
            return sid == 1 ? p1 : sid == 2 ? p2 : p3;
        }

        Notification nextNotification(long sid) {
            return ((PeerMessage.Notify) probe(sid).expectMessageClass(PeerMessage.Notify.class)).notification();
        }
    }

    private static Run start(long mySid, long zxid) {
        TestProbe<PeerMessage> p1 = testKit.createTestProbe();
        TestProbe<PeerMessage> p2 = testKit.createTestProbe();
        TestProbe<PeerMessage> p3 = testKit.createTestProbe();
        TestProbe<Decided> decisions = testKit.createTestProbe();
        Map<Long, ActorRef<PeerMessage>> others = new java.util.HashMap<>(Map.of(1L, p1.ref(), 2L, p2.ref(), 3L, p3.ref()));
        others.remove(mySid);
        ActorRef<Election.Command> election = testKit.spawn(Election.create(VOTERS, TIMING, new Peers(mySid, others),
                new Election.Start(zxid, 0, 0), decisions.ref()));
        return new Run(election, p1, p2, p3, decisions);
    }

    private static Notification looking(long sender, long leader, long round) {
        return new Notification(sender, PeerState.LOOKING, new Vote(leader, 0, 0), round);
    }

    @Test
    void startTellsEveryOtherVoterItsOwnVote_andResendsWithADoublingIntervalWhileNobodyAnswers() {
        Run run = start(3, 5);
        Notification first = new Notification(3, PeerState.LOOKING, new Vote(3, 5, 0), 1);
        assertEquals(first, run.nextNotification(1));
        assertEquals(first, run.nextNotification(2));
        time.expectNoMessageFor(Duration.ofMillis(199), run.p1());
        time.timePasses(Duration.ofMillis(1));
        assertEquals(first, run.nextNotification(1), "resent after the first interval (the finalize wait)");
        time.expectNoMessageFor(Duration.ofMillis(399), run.p1());
        time.timePasses(Duration.ofMillis(1));
        assertEquals(first, run.nextNotification(1), "then after twice that");
        time.timePasses(Duration.ofMillis(800));
        assertEquals(first, run.nextNotification(1), "the interval is bounded");
        time.timePasses(Duration.ofMillis(800));
        assertEquals(first, run.nextNotification(1));
        run.decisions().expectNoMessage(Duration.ZERO);
        testKit.stop(run.election());
    }

    @Test
    void aQuorumAgreeing_decidesOnlyAfterTheFinalizeWait() {
        Run run = start(3, 0);
        run.nextNotification(1);
        run.nextNotification(2);
        run.election().tell(new Election.Received(looking(1, 3, 1)));
        time.expectNoMessageFor(Duration.ofMillis(199), run.decisions());
        time.timePasses(Duration.ofMillis(1));
        Decided decided = run.decisions().expectMessageClass(Decided.class);
        assertEquals(PeerState.LEADING, decided.role());
        assertEquals(3, decided.vote().leader());
        assertEquals(1, decided.electionEpoch());
        run.decisions().expectTerminated(run.election(), Duration.ofSeconds(3));
    }

    @Test
    void aBetterVoteWithinTheFinalizeWait_resumesTheElectionAndWins() {
        Run run = start(1, 0);
        run.nextNotification(2);
        run.nextNotification(3);
        run.election().tell(new Election.Received(looking(2, 2, 1)));
        assertEquals(new Vote(2, 0, 0), run.nextNotification(3).vote(), "adopts the better vote of 2");
        assertEquals(new Vote(2, 0, 0), run.nextNotification(2).vote());
        time.timePasses(Duration.ofMillis(150));
        run.election().tell(new Election.Received(looking(3, 3, 1)));
        assertEquals(new Vote(3, 0, 0), run.nextNotification(2).vote(), "adopts 3's, better still");
        // 1 and 3 now agree on 3: a fresh finalize wait starts with 3's notification
        time.expectNoMessageFor(Duration.ofMillis(199), run.decisions());
        time.timePasses(Duration.ofMillis(1));
        Decided decided = run.decisions().expectMessageClass(Decided.class);
        assertEquals(PeerState.FOLLOWING, decided.role());
        assertEquals(3, decided.vote().leader());
    }

    @Test
    void aPeerInAnOlderRound_isToldThisRoundsProposal() {
        Run run = start(2, 0);
        run.nextNotification(1);
        run.nextNotification(3);
        run.election().tell(new Election.Received(looking(3, 3, 4)));
        assertEquals(new Notification(2, PeerState.LOOKING, new Vote(3, 0, 0), 4), run.nextNotification(1),
                "joins round 4 with 3's better vote");
        run.nextNotification(3);
        run.election().tell(new Election.Received(looking(1, 1, 2)));
        Notification answer = run.nextNotification(1);
        assertEquals(4, answer.electionEpoch(), "1 is told the current round so it catches up");
        assertEquals(3, answer.vote().leader());
        testKit.stop(run.election());
    }

    @Test
    void settledPeersNamingALeaderThatSaysItLeads_decideAtOnce() {
        Run run = start(1, 0);
        run.nextNotification(2);
        Notification follower = new Notification(2, PeerState.FOLLOWING, new Vote(3, 0, 0), 7);
        Notification leader = new Notification(3, PeerState.LEADING, new Vote(3, 0, 0), 7);
        run.election().tell(new Election.Received(follower));
        run.decisions().expectNoMessage(Duration.ZERO);
        run.election().tell(new Election.Received(leader));
        Decided decided = run.decisions().expectMessageClass(Decided.class);
        assertEquals(new Decided(new Vote(3, 0, 0), PeerState.FOLLOWING, 7), decided);
        List<PeerMessage> none = run.p2().receiveSeveralMessages(0);
        assertEquals(0, none.size());
    }
}
