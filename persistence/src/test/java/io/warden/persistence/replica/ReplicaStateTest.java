package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.tree.DataTree;
import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import io.warden.persistence.txn.TxnCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaStateTest {
    private static final SnapshotPolicy POLICY = new SnapshotPolicy(10, 3);

    private static DataTree applyAll(List<Txn> txns) {
        DataTree tree = DataTree.fresh();
        for (Txn txn : txns) {
            tree = tree.apply(txn).tree();
        }
        return tree;
    }

    @Test
    void proposalsCommittedInTheSameWriteAreApplied() {
        Workload workload = new Workload(1);
        List<Txn> txns = workload.next(5);
        ReplicaState state = ReplicaState.initial(DataTree.fresh())
                .apply(new ProposalsLogged(txns, txns.get(4).zxid()), 1, POLICY);

        assertEquals(txns.get(4).zxid(), state.committedZxid());
        assertEquals(state.committedZxid(), state.lastLoggedZxid());
        assertTrue(state.pending().isEmpty());
        assertEquals(5, state.justApplied().size());
        assertEquals(txns, state.justApplied().stream().map(AppliedTxn::txn).toList());
        assertEquals(applyAll(txns).digest(), state.tree().digest());
    }

    @Test
    void commitsLagBehindProposalsAndApplyInOrder() {
        Workload workload = new Workload(2);
        List<Txn> first = workload.next(4);
        List<Txn> second = workload.next(3);
        ReplicaState state = ReplicaState.initial(DataTree.fresh())
                .apply(new ProposalsLogged(first, 0), 1, POLICY)
                .apply(new ProposalsLogged(second, first.get(1).zxid()), 2, POLICY);

        assertEquals(first.get(1).zxid(), state.committedZxid());
        assertEquals(5, state.pending().size());
        assertEquals(second.get(2).zxid(), state.lastLoggedZxid());
        assertEquals(2, state.justApplied().size());

        ReplicaState committed = state.apply(new CommitMarked(second.get(0).zxid()), 3, POLICY);
        assertEquals(3, committed.justApplied().size());
        assertEquals(2, committed.pending().size());
        assertEquals(applyAll(List.of(first.get(0), first.get(1), first.get(2), first.get(3), second.get(0))).digest(),
                committed.tree().digest());

        ReplicaState stale = committed.apply(new CommitMarked(first.get(0).zxid()), 4, POLICY);
        assertTrue(stale.justApplied().isEmpty());
        assertEquals(committed.committedZxid(), stale.committedZxid());
    }

    /** ADR 0017: the replica log's applied view hands its tree over, so a commit mark applies nothing twice. */
    @Test
    void aTreeCommittedAheadIsTakenInsteadOfApplyingItsTxnsAgain() {
        List<Txn> txns = new Workload(17).next(6);
        ReplicaState state = ReplicaState.initial(DataTree.fresh()).apply(new ProposalsLogged(txns, 0), 1, POLICY);
        DataTree ahead = applyAll(txns.subList(0, 4));

        ReplicaState plain = state.apply(new CommitMarked(txns.get(4).zxid()), 2, POLICY);
        ReplicaState helped = state.apply(new CommitMarked(txns.get(4).zxid()), 2, POLICY, ahead);
        assertEquals(plain.tree().digest(), helped.tree().digest());
        assertEquals(plain.tree().recomputeDigest(), helped.tree().recomputeDigest());
        assertEquals(plain.committedZxid(), helped.committedZxid());
        assertEquals(plain.pending(), helped.pending());
        assertEquals(plain.appliedTxnCount(), helped.appliedTxnCount());
        assertEquals(5, plain.justApplied().size());
        assertEquals(List.of(txns.get(4)), helped.justApplied().stream().map(AppliedTxn::txn).toList());

        ReplicaState exactly = state.apply(new CommitMarked(txns.get(3).zxid()), 2, POLICY, ahead);
        assertSame(ahead, exactly.tree(), "nothing left to apply: the tree is taken as it is");
        assertTrue(exactly.justApplied().isEmpty());

        // a tree that is not one of the pending txns' (here the fresh one) is no help and is ignored
        ReplicaState ignored = state.apply(new CommitMarked(txns.get(4).zxid()), 2, POLICY, DataTree.fresh());
        assertEquals(5, ignored.justApplied().size());
        assertEquals(plain.tree().digest(), ignored.tree().digest());
    }

    @Test
    void commitBeyondTheLogIsAnInvariantViolation() {
        Workload workload = new Workload(3);
        List<Txn> txns = workload.next(2);
        ReplicaState state = ReplicaState.initial(DataTree.fresh()).apply(new ProposalsLogged(txns, 0), 1, POLICY);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> state.apply(new CommitMarked(txns.get(1).zxid() + 1), 2, POLICY));
        assertTrue(e.getMessage().contains("beyond the last logged zxid"), e.getMessage());
    }

    @Test
    void zxidsMustIncreaseWithoutGapsInsideAnEpoch() {
        assertNull(ReplicaState.zxidOrderProblem(0, Zxid.of(0, 1)));
        assertNull(ReplicaState.zxidOrderProblem(Zxid.of(1, 7), Zxid.of(1, 8)));
        assertNull(ReplicaState.zxidOrderProblem(Zxid.of(1, 7), Zxid.of(3, 1)));
        assertNotNull(ReplicaState.zxidOrderProblem(Zxid.of(1, 7), Zxid.of(1, 7)));
        assertNotNull(ReplicaState.zxidOrderProblem(Zxid.of(1, 7), Zxid.of(1, 9)));
        assertNotNull(ReplicaState.zxidOrderProblem(Zxid.of(2, 1), Zxid.of(1, 9)));

        Workload workload = new Workload(4);
        List<Txn> txns = workload.next(3);
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        List<Txn> gap = List.of(txns.get(0), txns.get(2));
        assertThrows(IllegalStateException.class, () -> state.apply(new ProposalsLogged(gap, 0), 1, POLICY));
        List<Txn> backwards = List.of(txns.get(1), txns.get(0));
        assertThrows(IllegalStateException.class, () -> state.apply(new ProposalsLogged(backwards, 0), 1, POLICY));
    }

    @Test
    void truncationDropsOnlyUncommittedProposals() {
        Workload workload = new Workload(5);
        List<Txn> txns = workload.next(6);
        ReplicaState state = ReplicaState.initial(DataTree.fresh())
                .apply(new ProposalsLogged(txns, txns.get(1).zxid()), 1, POLICY);

        ReplicaState truncated = state.apply(new TruncatedTo(txns.get(3).zxid()), 2, POLICY);
        assertEquals(txns.subList(2, 4), truncated.pending());
        assertEquals(txns.get(3).zxid(), truncated.lastLoggedZxid());
        assertEquals(state.tree().digest(), truncated.tree().digest());

        ReplicaState toCommitted = state.apply(new TruncatedTo(txns.get(1).zxid()), 2, POLICY);
        assertTrue(toCommitted.pending().isEmpty());
        assertEquals(txns.get(1).zxid(), toCommitted.lastLoggedZxid());

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> state.apply(new TruncatedTo(txns.get(0).zxid()), 2, POLICY));
        assertTrue(e.getMessage().contains("committed"), e.getMessage());

        // after a truncation the log continues from the truncation point (the new leader's DIFF)
        Workload rewrite = new Workload(5);
        rewrite.next(4);
        rewrite.newEpoch(2);
        ReplicaState continued = truncated.apply(new ProposalsLogged(rewrite.next(2), 0), 3, POLICY);
        assertEquals(Zxid.of(2, 2), continued.lastLoggedZxid());
    }

    @Test
    void epochsOnlyGrowAndCurrentNeverPassesAccepted() {
        ReplicaState state = ReplicaState.initial(DataTree.fresh())
                .apply(new EpochAccepted(3), 1, POLICY)
                .apply(new EpochCurrent(3), 2, POLICY);
        assertEquals(3, state.acceptedEpoch());
        assertEquals(3, state.currentEpoch());
        assertNotNull(state.acceptEpochProblem(2));
        assertNull(state.acceptEpochProblem(3));
        assertNotNull(state.currentEpochProblem(4));
        assertNotNull(state.currentEpochProblem(2));
        assertThrows(IllegalStateException.class, () -> state.apply(new EpochCurrent(4), 3, POLICY));
        assertThrows(IllegalStateException.class, () -> state.apply(new EpochAccepted(2), 3, POLICY));
    }

    @Test
    void snapshotPointsFollowCommittedTxnsAndKeepTheNewestSequenceNumbers() {
        Workload workload = new Workload(6);
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        long seqNr = 0;
        int due = 0;
        for (int batch = 0; batch < 20; batch++) {
            List<Txn> txns = workload.next(3);
            state = state.apply(new ProposalsLogged(txns, txns.get(2).zxid()), ++seqNr, POLICY);
            if (state.snapshotDue()) {
                due++;
            }
        }
        // 60 txns with snapCount 10: a snapshot point at 10, 20, ..., 60
        assertEquals(6, due);
        assertEquals(60, state.appliedTxnCount());
        assertEquals(List.of(14L, 17L, 20L), state.snapshotSeqNrs());
        ReplicaState uncommitted = state.apply(new ProposalsLogged(workload.next(30), 0), ++seqNr, POLICY);
        assertFalse(uncommitted.snapshotDue());
    }

    @Test
    void aJitteredPolicySnapshotsFirstBetweenHalfAndAllOfSnapCountThenEverySnapCount() {
        // ZooKeeper draws the point in [snapCount/2+1, snapCount]; jitter 4 of snapCount 10 gives 6
        SnapshotPolicy jittered = POLICY.withJitterFrom(4);
        Workload workload = new Workload(7);
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        List<Long> duePoints = new java.util.ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            List<Txn> txns = workload.next(1);
            state = state.apply(new ProposalsLogged(txns, txns.get(0).zxid()), i, jittered);
            if (state.snapshotDue()) {
                duePoints.add(state.appliedTxnCount());
            }
        }
        assertEquals(List.of(6L, 16L, 26L), duePoints);
        for (int draw : new int[] {Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE}) {
            int jitter = POLICY.withJitterFrom(draw).jitter();
            assertTrue(jitter >= 0 && jitter < 5, "jitter " + jitter + " from " + draw);
        }
    }
    /** Creates of 100 bytes under 6-character paths: 206 logged bytes each, as the size trigger counts them. */
    private static Txn sized(long counter) {
        Txn txn = new Txn(0x51, (int) counter, Zxid.of(1, counter), 1_000 + counter,
                new TxnBody.Create(String.format("/a%04d", counter), new byte[100], Acl.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT));
        assertEquals(206, 4 + TxnCodec.estimatedSize(txn));
        return txn;
    }

    /** The applied-txn counts at which a snapshot falls due, committing 25 txns one write each. */
    private static List<Long> duePoints(SnapshotPolicy policy) {
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        List<Long> due = new java.util.ArrayList<>();
        for (long i = 1; i <= 25; i++) {
            Txn txn = sized(i);
            state = state.apply(new ProposalsLogged(List.of(txn), txn.zxid()), i, policy);
            if (state.snapshotDue()) {
                due.add(state.appliedTxnCount());
            }
        }
        return due;
    }

    @Test
    void theSizeTriggerSnapshotsWhenTheBytesSinceTheLastPointReachTheLimitAndRestartsTheCount() {
        SnapshotPolicy count7 = new SnapshotPolicy(7, 3);
        assertEquals(List.of(7L, 14L, 21L), duePoints(count7.withSizeLimit(0, 12345)), "size trigger off");
        assertEquals(List.of(7L, 14L, 21L), duePoints(count7), "ZooKeeper's 4 GiB default never fires here");
        // 1,000 bytes: the fifth txn (1,030 bytes) reaches it, and the count starts again from there,
        // so the count point at 7 never comes
        assertEquals(List.of(5L, 10L, 15L, 20L, 25L), duePoints(count7.withSizeLimit(1_000, 0)));
        // a size jitter of 400 shortens only the first interval, to 600 bytes (3 txns)
        assertEquals(List.of(3L, 8L, 13L, 18L, 23L), duePoints(count7.withSizeLimit(1_000, 400)));
        // a limit of 2,000 bytes (10 txns) lets the count fire first: points at 7, then every 7
        assertEquals(List.of(7L, 14L, 21L), duePoints(count7.withSizeLimit(2_000, 0)));
    }

    @Test
    void theSizeJitterStaysBelowHalfTheLimitAndIsZeroWithoutALimit() {
        for (long draw : new long[] {Long.MIN_VALUE, -1, 0, 499, 500, Long.MAX_VALUE}) {
            long jitter = POLICY.withSizeLimit(1_000, draw).sizeJitterBytes();
            assertTrue(jitter >= 0 && jitter < 500, "jitter " + jitter + " from " + draw);
            assertEquals(0, POLICY.withSizeLimit(-5, draw).sizeJitterBytes());
        }
        assertThrows(IllegalArgumentException.class, () -> new SnapshotPolicy(10, 3, 0, 1_000, 500,
                java.time.Duration.ZERO));
    }
}
