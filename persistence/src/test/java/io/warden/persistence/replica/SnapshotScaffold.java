package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaLog.Append;
import io.warden.persistence.replica.ReplicaLog.Logged;
import io.warden.persistence.txn.Txn;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.SnapshotTestKit;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the snapshot schedule, retention and autopurge tests share: driving a replica log with
 * three-txn writes and reading which snapshots the test store holds.
 */
final class SnapshotScaffold {
    private SnapshotScaffold() {
    }

    /** The sequence numbers of the snapshots the store holds for {@code pid}, oldest first. */
    static List<Long> savedSeqNrs(SnapshotTestKit snapshots, String pid) {
        return snapshots.persistedInStorage(pid).stream().map(p -> p.first().sequenceNr()).toList();
    }

    /** Appends {@code batches} writes of three txns each, one at a time, each acknowledged. */
    static void writeBatches(ActorTestKit testKit, ActorRef<ReplicaLog.Command> log, Workload workload, int batches,
                             Duration wait) {
        TestProbe<StatusReply<Logged>> reply = testKit.createTestProbe();
        for (int i = 0; i < batches; i++) {
            List<Txn> txns = workload.next(3);
            log.tell(new Append(txns, txns.get(2).zxid(), reply.getRef()));
            StatusReply<Logged> answer = reply.receiveMessage(wait);
            assertTrue(answer.isSuccess(), () -> "append failed: " + answer);
        }
    }
}
