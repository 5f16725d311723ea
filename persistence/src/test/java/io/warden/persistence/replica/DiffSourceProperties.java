package io.warden.persistence.replica;

import io.warden.api.data.Acl;
import io.warden.api.data.CreateMode;
import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;
import io.warden.persistence.txn.TxnBody;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The DIFF source against a naive model: whatever the batching, commit timing, truncations, epoch
 * changes, memory window size and index thinning, the txns after any zxid are the committed
 * history after it (base: the newest committed zxid at or below it), whether they come from
 * memory or from replaying the events as the journal would; with the replica log's applied view
 * committing ahead of the journal's events (ADR 0017), a read answers as the view sees it.
 */
class DiffSourceProperties {
    private static final SnapshotPolicy POLICY = new SnapshotPolicy(1_000_000, 3);

    @Property(tries = 200)
    void readsAfterAnyZxidMatchTheCommittedHistory(@ForAll long seed,
                                                   @ForAll @IntRange(min = 1, max = 80) int steps,
                                                   @ForAll @IntRange(min = 0, max = 30) int commitLogCount,
                                                   @ForAll @IntRange(min = 2, max = 6) int indexEntries) {
        Random random = new Random(seed);
        DiffSource source = new DiffSource(DiffPolicy.DEFAULT.withCommitLog(commitLogCount, Long.MAX_VALUE)
                .withIndex(indexEntries).withSnapshotSizeFactor(1e12));
        List<ReplicaEvent> journal = new ArrayList<>();
        List<Txn> committed = new ArrayList<>();
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        // the front's applied view (ADR 0017): COMMITs applied with no event, ahead of the journal's mark
        long applied = 0;
        long epoch = 1;
        long counter = 0;
        for (int step = 0; step < steps; step++) {
            ReplicaEvent event;
            int roll = random.nextInt(12);
            if (roll < 6) {
                List<Txn> batch = new ArrayList<>();
                for (int i = 1 + random.nextInt(4); i > 0; i--) {
                    batch.add(txn(Zxid.of(epoch, ++counter)));
                }
                long last = batch.get(batch.size() - 1).zxid();
                long commit = random.nextBoolean() ? last : between(random, applied, last);
                event = new ProposalsLogged(batch, commit);
            } else if (roll < 8) {
                // a journal written before ADR 0017 holds commit marks of their own
                event = new CommitMarked(between(random, applied, state.lastLoggedZxid()));
            } else if (roll < 10) {
                // the view stops at a txn, as AppliedView does
                long target = between(random, applied, state.lastLoggedZxid());
                for (Txn txn : state.pending()) {
                    if (txn.zxid() > applied && txn.zxid() <= target) {
                        committed.add(txn);
                        applied = txn.zxid();
                    }
                }
                continue;
            } else if (roll < 11 && !state.pending().isEmpty()) {
                // TRUNC: uncommitted proposals go; the next leader numbers in a new epoch
                event = new TruncatedTo(between(random, applied, state.lastLoggedZxid()));
                epoch++;
                counter = 0;
            } else {
                event = new EpochAccepted(state.acceptedEpoch() + 1);
            }
            journal.add(event);
            // a write carries the view's tree: the state then applies none of the view's txns again
            ReplicaState next = state.apply(event, journal.size(), POLICY, viewTree(state, applied));
            source.observe(state, event, next, journal.size());
            for (AppliedTxn txn : next.justApplied()) {
                if (txn.txn().zxid() > applied) {
                    committed.add(txn.txn());
                }
            }
            applied = Math.max(applied, next.committedZxid());
            state = next;
        }
        source.recovered(state);
        long appliedZxid = applied;

        List<Long> asked = new ArrayList<>(List.of(0L, state.committedZxid(), state.lastLoggedZxid() + 1,
                Zxid.of(epoch + 1, 0)));
        for (int i = 0; i < 20; i++) {
            asked.add(between(random, 0, Zxid.of(epoch, counter + 2)));
        }
        committed.forEach(t -> asked.add(t.zxid()));
        for (long afterZxid : asked) {
            TxnsAfter expected = model(committed, afterZxid);
            assertEquals(expected, answer(source, state, appliedZxid, journal, afterZxid, Integer.MAX_VALUE, Long.MAX_VALUE),
                    "after " + Zxid.toHex(afterZxid));
            // exactly at the limits still answers (the refusal before reading never overcounts)...
            List<Txn> txns = ((TxnsAfter.Available) expected).txns();
            long bytes = ReplicaEventCodec.loggedBytes(txns);
            assertEquals(expected, answer(source, state, appliedZxid, journal, afterZxid, txns.size(), bytes));
            // ...and one txn or one byte less does not
            if (!txns.isEmpty()) {
                assertInstanceOf(TxnsAfter.NotAvailable.class,
                        answer(source, state, appliedZxid, journal, afterZxid, txns.size() - 1, bytes));
                assertInstanceOf(TxnsAfter.NotAvailable.class,
                        answer(source, state, appliedZxid, journal, afterZxid, txns.size(), bytes - 1));
            }
        }
    }

    @Property(tries = 100)
    void limitsMakeItNotAvailableExactlyWhenExceeded(@ForAll long seed,
                                                     @ForAll @IntRange(min = 0, max = 40) int txnCount,
                                                     @ForAll @IntRange(min = 0, max = 40) int commitLogCount) {
        Random random = new Random(seed);
        DiffSource source = new DiffSource(DiffPolicy.DEFAULT.withCommitLog(commitLogCount, Long.MAX_VALUE)
                .withSnapshotSizeFactor(1e12));
        List<ReplicaEvent> journal = new ArrayList<>();
        List<Txn> committed = new ArrayList<>();
        ReplicaState state = ReplicaState.initial(DataTree.fresh());
        for (int i = 1; i <= txnCount; i++) {
            Txn txn = txn(Zxid.of(1, i));
            committed.add(txn);
            journal.add(new ProposalsLogged(List.of(txn), txn.zxid()));
            ReplicaState next = state.apply(journal.get(journal.size() - 1), journal.size(), POLICY);
            source.observe(state, journal.get(journal.size() - 1), next, journal.size());
            state = next;
        }
        source.recovered(state);
        long afterZxid = txnCount == 0 ? 0 : Zxid.of(1, random.nextInt(txnCount + 1));
        List<Txn> expected = ((TxnsAfter.Available) model(committed, afterZxid)).txns();
        long bytes = ReplicaEventCodec.loggedBytes(expected);
        assertEquals(expected, available(answer(source, state, journal, afterZxid, expected.size(), bytes)).txns());
        if (!expected.isEmpty()) {
            assertInstanceOf(TxnsAfter.NotAvailable.class,
                    answer(source, state, journal, afterZxid, expected.size() - 1, Long.MAX_VALUE));
            assertInstanceOf(TxnsAfter.NotAvailable.class,
                    answer(source, state, journal, afterZxid, Integer.MAX_VALUE, bytes - 1));
        }
    }

    /** The applied view's tree: the state's pending txns up to applied on its tree; null when it holds none. */
    private static DataTree viewTree(ReplicaState state, long applied) {
        if (applied <= state.committedZxid()) {
            return null;
        }
        DataTree tree = state.tree();
        for (Txn txn : state.pending()) {
            if (txn.zxid() <= applied) {
                tree = tree.apply(txn).tree();
            }
        }
        return tree;
    }

    static TxnsAfter answer(DiffSource source, ReplicaState state, List<ReplicaEvent> journal, long afterZxid,
                            int maxTxns, long maxBytes) {
        return answer(source, state, state.committedZxid(), journal, afterZxid, maxTxns, maxBytes);
    }

    /** What the log would answer: from memory, or by replaying the journal's events as TxnReader does. */
    static TxnsAfter answer(DiffSource source, ReplicaState state, long appliedZxid, List<ReplicaEvent> journal,
                            long afterZxid, int maxTxns, long maxBytes) {
        DiffSource.Plan plan = source.plan(afterZxid, maxTxns, maxBytes, state, appliedZxid, journal.size());
        if (plan instanceof DiffSource.Answer answer) {
            return answer.answer();
        }
        DiffSource.ReadJournal read = (DiffSource.ReadJournal) plan;
        JournalTxnFold fold = read.fold();
        for (long seqNr = fold.fromSeqNr(); seqNr <= read.toSeqNr() && fold.wantsMore(); seqNr++) {
            fold.accept(seqNr, journal.get((int) seqNr - 1));
        }
        return fold.result();
    }

    /** The naive model: the committed txns after afterZxid, on the newest committed zxid at or below it. */
    static TxnsAfter model(List<Txn> committed, long afterZxid) {
        long base = 0;
        List<Txn> after = new ArrayList<>();
        for (Txn txn : committed) {
            if (txn.zxid() <= afterZxid) {
                base = txn.zxid();
            } else {
                after.add(txn);
            }
        }
        return new TxnsAfter.Available(base, after);
    }

    private static TxnsAfter.Available available(TxnsAfter answer) {
        return assertInstanceOf(TxnsAfter.Available.class, answer);
    }

    private static long between(Random random, long low, long high) {
        return high <= low ? low : low + (long) (random.nextDouble() * (high - low + 1));
    }

    /** A txn that applies on any tree: a create of its own node under the root. */
    static Txn txn(long zxid) {
        return new Txn(0x99, (int) Zxid.counter(zxid), zxid, 1_700_000_000_000L + Zxid.counter(zxid),
                new TxnBody.Create("/n" + Long.toHexString(zxid), new byte[(int) (zxid % 7)], Acl.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT));
    }
}
