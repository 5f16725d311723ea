package io.warden.actors.zab;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.TxnsAfter;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The replica log's answer to ReadTxnsAfter, in the shape ReadTxnsAfterFileTest checks the log
 * gives (base: the newest committed zxid at or below the learner's), is SyncPlanner's window as it
 * stands: (baseZxid, zxids()) gives DIFF from the learner's own zxid, or TRUNC to the leader's zxid
 * before a proposal the leader never had, and the txns to send are exactly those after it.
 */
class SyncPlannerOnTxnsAfterTest {
    private static final long LAST_OF_EPOCH_1 = Zxid.of(1, 40);

    /** What the log answers for a learner at learnerZxid: the leader has epoch 1 up to 40, then epoch 3 up to 5. */
    private static TxnsAfter.Available leaderAnswer(long learnerZxid) {
        List<Txn> history = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            history.add(txn(Zxid.of(1, i)));
        }
        for (int i = 1; i <= 5; i++) {
            history.add(txn(Zxid.of(3, i)));
        }
        long base = 0;
        List<Txn> after = new ArrayList<>();
        for (Txn txn : history) {
            if (txn.zxid() <= learnerZxid) {
                base = txn.zxid();
            } else {
                after.add(txn);
            }
        }
        return new TxnsAfter.Available(base, after);
    }

    @Test
    void aLearnerInTheLeadersHistoryGetsTheTxnsAfterItsZxid() {
        TxnsAfter.Available answer = leaderAnswer(Zxid.of(1, 30));
        SyncPlan plan = SyncPlanner.plan(answer.baseZxid(), answer.zxids(), Zxid.of(1, 30), 500);
        assertEquals(new SyncPlan.Diff(Zxid.of(1, 30)), plan);
        assertEquals(15, answer.txns().size());
    }

    @Test
    void aLearnerWithAnOldEpochsProposalIsTruncatedToTheLeadersZxidBeforeIt() {
        // epoch 2's leader died after logging (2, 7) on this learner only
        long learner = Zxid.of(2, 7);
        TxnsAfter.Available answer = leaderAnswer(learner);
        SyncPlan plan = SyncPlanner.plan(answer.baseZxid(), answer.zxids(), learner, 500);
        assertEquals(new SyncPlan.TruncThenDiff(LAST_OF_EPOCH_1), plan);
        assertEquals(Zxid.of(3, 1), answer.txns().get(0).zxid(), "then every txn after the truncation point");
    }

    @Test
    void aLearnerAheadOfTheLeadersCommittedLogIsTruncatedToIt() {
        long learner = Zxid.of(3, 9);
        TxnsAfter.Available answer = leaderAnswer(learner);
        assertEquals(new SyncPlan.TruncThenDiff(Zxid.of(3, 5)),
                SyncPlanner.plan(answer.baseZxid(), answer.zxids(), learner, 500));
        assertEquals(List.of(), answer.txns());
    }

    @Test
    void moreTxnsThanTheDiffLimitIsSnap() {
        TxnsAfter.Available answer = leaderAnswer(0);
        assertEquals(SyncPlan.Snap.class, SyncPlanner.plan(answer.baseZxid(), answer.zxids(), 0, 44).getClass());
    }

    private static Txn txn(long zxid) {
        return new Txn(0x99, (int) Zxid.counter(zxid), zxid, 1_700_000_000_000L,
                new TxnBody.Create("/n" + Long.toHexString(zxid), new byte[0], Acl.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
    }
}
