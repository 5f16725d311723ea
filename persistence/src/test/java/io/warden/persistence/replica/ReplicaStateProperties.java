package io.warden.persistence.replica;

import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How proposals are batched and when commits arrive must not change what is committed: against
 * a naive model (apply the committed prefix to a fresh tree, one txn at a time).
 */
class ReplicaStateProperties {
    private static final SnapshotPolicy POLICY = new SnapshotPolicy(7, 3);

    @Property(tries = 60)
    void batchingAndCommitTimingNeverChangeTheCommittedTree(@ForAll long seed,
                                                            @ForAll @IntRange(min = 1, max = 120) int txnCount) {
        Random random = new Random(seed);
        List<Txn> txns = new Workload(seed).next(txnCount);
        List<ReplicaEvent> events = new ArrayList<>();
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        List<Txn> appliedInOrder = new ArrayList<>();
        int logged = 0;
        long seqNr = 0;
        while (logged < txnCount || !state.pending().isEmpty()) {
            ReplicaEvent event;
            if (logged < txnCount && random.nextInt(3) > 0) {
                int size = 1 + random.nextInt(Math.min(10, txnCount - logged));
                List<Txn> batch = txns.subList(logged, logged + size);
                logged += size;
                event = new ProposalsLogged(batch, commitPoint(random, state, batch.get(size - 1).zxid()));
            } else {
                event = new CommitMarked(commitPoint(random, state, state.lastLoggedZxid()));
            }
            events.add(event);
            state = state.apply(event, ++seqNr, POLICY);
            state.justApplied().forEach(a -> appliedInOrder.add(a.txn()));
            if (logged == txnCount && random.nextInt(4) == 0) {
                events.add(new CommitMarked(state.lastLoggedZxid()));
                state = state.apply(events.get(events.size() - 1), ++seqNr, POLICY);
                state.justApplied().forEach(a -> appliedInOrder.add(a.txn()));
            }
        }

        assertEquals(txns, appliedInOrder, "every txn committed exactly once, in zxid order");
        DataTree model = DataTree.fresh();
        for (Txn txn : txns) {
            model = model.apply(txn).tree();
        }
        assertEquals(model.digest(), state.tree().digest());
        assertEquals(model.recomputeDigest(), state.tree().recomputeDigest());
        assertEquals(txnCount, state.appliedTxnCount());

        ReplicaState replayed = ReplicaState.initial(DataTree.fresh());
        long replaySeqNr = 0;
        for (ReplicaEvent event : events) {
            replayed = replayed.apply(event, ++replaySeqNr, POLICY);
        }
        assertEquals(state.tree().digest(), replayed.tree().digest());
        assertEquals(state.snapshotSeqNrs(), replayed.snapshotSeqNrs());
    }

    /** Somewhere from "nothing new" (0) up to the last logged zxid. */
    private static long commitPoint(Random random, ReplicaState state, long lastLogged) {
        return switch (random.nextInt(3)) {
            case 0 -> 0;
            case 1 -> lastLogged;
            default -> state.committedZxid() + random.nextLong(lastLogged - state.committedZxid() + 1);
        };
    }
}
