package io.warden.actors.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.actors.commit.CommitStage;
import io.warden.actors.commit.ReadView;
import io.warden.persistence.prep.PrepSettings;
import io.warden.persistence.prep.RequestPreparer;
import io.warden.persistence.replica.ReplicaLog;
import io.warden.persistence.tree.DataTree;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The processor against a log that is slow (a probe that answers only when told): a full log
 * holds the processor back; only a failed write stops it.
 */
class RequestProcessorTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    private static final int IN_FLIGHT = 256;
    private static final RequestProcessor.Settings SETTINGS =
            new RequestProcessor.Settings(Duration.ofHours(1), 10_000, IN_FLIGHT);

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private record Started(ActorRef<RequestProcessor.Command> processor, TestProbe<ReplicaLog.Command> log,
                           TestProbe<CommitStage.Command> commit, TestProbe<CommitStage.Outcome> clients) {}

    private static Started start() {
        TestProbe<ReplicaLog.Command> log = testKit.createTestProbe();
        TestProbe<CommitStage.Command> commit = testKit.createTestProbe();
        DataTree tree = DataTree.fresh();
        ActorRef<RequestProcessor.Command> processor = testKit.spawn(RequestProcessor.create(tree, new ReadView(tree), 1,
                new RequestPreparer(tree, PrepSettings.DEFAULT), log.getRef(), commit.getRef(), SETTINGS,
                Clock.systemUTC()));
        return new Started(processor, log, commit, testKit.createTestProbe());
    }

    @Test
    void aLogThatFallsBehindHoldsTheProcessorBackInsteadOfStoppingIt() {
        Started s = start();
        int writes = 5 * IN_FLIGHT;
        for (int i = 0; i < writes; i++) {
            s.processor().tell(new RequestProcessor.CreateSession(1_000 + i, 30_000, s.clients().getRef()));
        }
        // The log answers nothing yet: no more than IN_FLIGHT txns may reach it.
        List<ReplicaLog.Append> unanswered = new ArrayList<>();
        int received = 0;
        while (received < IN_FLIGHT) {
            ReplicaLog.Append append = s.log().expectMessageClass(ReplicaLog.Append.class, Duration.ofSeconds(10));
            unanswered.add(append);
            received += append.txns().size();
        }
        assertEquals(IN_FLIGHT, received);
        s.log().expectNoMessage(Duration.ofMillis(300));
        // As writes become durable, the held txns follow, in zxid order, none lost or repeated.
        long expectedZxid = unanswered.get(0).txns().get(0).zxid();
        List<ReplicaLog.Append> all = new ArrayList<>(unanswered);
        while (!unanswered.isEmpty()) {
            ReplicaLog.Append done = unanswered.remove(0);
            done.replyTo().tell(StatusReply.success(new ReplicaLog.Logged(done.commitUpTo())));
            if (received < writes) {
                ReplicaLog.Append next = s.log().expectMessageClass(ReplicaLog.Append.class, Duration.ofSeconds(10));
                received += next.txns().size();
                unanswered.add(next);
                all.add(next);
                int inFlight = unanswered.stream().mapToInt(a -> a.txns().size()).sum();
                assertTrue(inFlight <= IN_FLIGHT, "in flight " + inFlight);
            }
        }
        assertEquals(writes, received);
        for (ReplicaLog.Append append : all) {
            for (var txn : append.txns()) {
                assertEquals(expectedZxid++, txn.zxid());
            }
        }
    }

    @Test
    void aFailedWriteStopsTheProcessor() {
        Started s = start();
        s.processor().tell(new RequestProcessor.CreateSession(7, 30_000, s.clients().getRef()));
        ReplicaLog.Append append = s.log().expectMessageClass(ReplicaLog.Append.class, Duration.ofSeconds(10));
        append.replyTo().tell(StatusReply.error(new IOException("Input/output error")));
        testKit.createTestProbe().expectTerminated(s.processor(), Duration.ofSeconds(10));
    }
}
