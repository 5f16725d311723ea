package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.replica.ReplicaEvent.CommitMarked;
import io.warden.persistence.replica.ReplicaEvent.EpochAccepted;
import io.warden.persistence.replica.ReplicaEvent.EpochCurrent;
import io.warden.persistence.replica.ReplicaEvent.ProposalsLogged;
import io.warden.persistence.replica.ReplicaEvent.SnapshotInstallBegun;
import io.warden.persistence.replica.ReplicaEvent.SnapshotInstalled;
import io.warden.persistence.replica.ReplicaEvent.TruncatedTo;
import io.warden.persistence.tree.DataTree;
import io.warden.persistence.txn.Txn;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the txns for a DIFF come from, as ZooKeeper's leader finds them: the recent committed
 * txns in memory ({@link CommittedWindow}, ZooKeeper's committedLog), and older ones from the
 * journal ({@link JournalTxnIndex} says where to start, {@link JournalTxnFold} rebuilds them)
 * while their size stays within {@code snapshotSizeFactor} x the snapshot's size.
 *
 * <p>Fed by the log's event handler with every event, replayed or live, so a restart rebuilds it
 * from the snapshot and the journal's tail; it starts where the first state it sees stands (the
 * snapshot's or the empty log's), and again where a snapshot installed by SNAP stands (ADR 0018).
 * It follows the journal's commit mark; a read adds what the applied view committed beyond it
 * without a write (ADR 0017), which the state holds as durable pending proposals. Pure, single-threaded, no Pekko: {@link #plan} says what to do
 * and the shell ({@code LogBehavior}, {@code TxnReader}) does it.
 */
final class DiffSource {

    /** What a read needs: an answer now, or a journal read. */
    sealed interface Plan {
    }

    record Answer(TxnsAfter answer) implements Plan {
    }

    /** Replay the journal's events fromSeqNr..toSeqNr into the fold; its result is the answer. */
    record ReadJournal(long toSeqNr, JournalTxnFold fold) implements Plan {
    }

    /**
     * About what the tree's snapshot takes in ZooKeeper's format, per node: the stat (six longs and
     * three ints), the ACL reference and two length fields. snapshotSizeFactor was tuned against
     * that file, so the limit is measured the same way.
     */
    static final long SNAPSHOT_BYTES_PER_NODE = 6 * 8 + 3 * 4 + 8 + 2 * 4;

    private final DiffPolicy policy;
    private final JournalTxnIndex index;
    private CommittedWindow window;

    DiffSource(DiffPolicy policy) {
        this.policy = policy;
        this.index = new JournalTxnIndex(policy.maxIndexEntries());
    }

    /** The state after event (number seqNr) is after; before is the one it applied to. */
    void observe(ReplicaState before, ReplicaEvent event, ReplicaState after, long seqNr) {
        startAt(before);
        if (event instanceof ProposalsLogged logged) {
            index.logged(seqNr, before.lastLoggedZxid(), logged.txns().get(0).zxid(), logged.txns().size(),
                    ReplicaEventCodec.loggedBytes(logged.txns()));
            window.add(committedBy(before, logged.txns(), after));
        } else if (event instanceof CommitMarked) {
            window.add(committedBy(before, List.of(), after));
        } else if (event instanceof TruncatedTo) {
            // a truncation keeps a prefix of the pending proposals
            List<Txn> dropped = before.pending().subList(after.pending().size(), before.pending().size());
            index.truncated(after.lastLoggedZxid(), dropped.size(), ReplicaEventCodec.loggedBytes(dropped));
        } else if (event instanceof SnapshotInstalled) {
            // the state came from the leader's snapshot: no txn before it leads to it (ADR 0018)
            index.clear();
            window.restartAt(after.committedZxid());
        } else if (!(event instanceof EpochAccepted || event instanceof EpochCurrent
                || event instanceof SnapshotInstallBegun)) {
            // SnapshotInstallBegun changes nothing: if the install fails, the history stands
            throw new IllegalStateException("the DIFF source does not know the event " + event);
        }
    }

    /**
     * The txns an event committed, from the states around it, not from {@code after.justApplied()}:
     * a write carrying the applied view's tree leaves out of that list what the view applied
     * already (ADR 0017), but the window must hold every committed txn, in order, without a hole.
     */
    private static List<Txn> committedBy(ReplicaState before, List<Txn> logged, ReplicaState after) {
        List<Txn> committed = new ArrayList<>();
        for (List<Txn> txns : List.of(before.pending(), logged)) {
            for (Txn txn : txns) {
                if (txn.zxid() > before.committedZxid() && txn.zxid() <= after.committedZxid()) {
                    committed.add(txn);
                }
            }
        }
        return committed;
    }

    /** Recovery is done: a log that replayed no event starts from the state it recovered. */
    void recovered(ReplicaState state) {
        startAt(state);
    }

    private void startAt(ReplicaState state) {
        if (window == null) {
            window = new CommittedWindow(policy.commitLogCount(), policy.commitLogBytes(), state.committedZxid());
        }
    }

    /**
     * How to answer a read after afterZxid, with the state and last sequence number of the log
     * now (after every write before the read is durable) and the zxid the applied view has
     * committed up to (ADR 0017): at least the state's, and any txns between the two are among the
     * state's pending ones, committed although no journal event says so yet.
     */
    Plan plan(long afterZxid, int maxTxns, long maxBytes, ReplicaState state, long appliedZxid, long lastSeqNr) {
        startAt(state);
        if (window.lastZxid() != state.committedZxid()) {
            throw new IllegalStateException("the DIFF window ends at " + Zxid.toHex(window.lastZxid())
                    + " but the log has committed up to " + Zxid.toHex(state.committedZxid()));
        }
        List<Txn> ahead = committedAhead(state, appliedZxid);
        TxnsAfter fromMemory = window.read(afterZxid, ahead, maxTxns, maxBytes);
        if (fromMemory != null) {
            return new Answer(fromMemory);
        }
        if (!policy.readsJournal()) {
            return notAvailable(afterZxid, "and reading the journal for a DIFF is off (snapshotSizeFactor < 0)");
        }
        JournalTxnIndex.Start start = index.startFor(afterZxid);
        if (start == null) {
            return notAvailable(afterZxid, "and than the journal this log has read since its snapshot");
        }
        long limit = Math.min(maxBytes, policy.journalByteLimit(snapshotSizeBytes(state.tree())));
        // Refuse before reading when what is surely to send already exceeds the limits: a replay
        // from far back would otherwise read the journal to its end only to give up.
        if (start.txnsAfterNext() - state.pending().size() > maxTxns
                || start.bytesAfterNext() - ReplicaEventCodec.loggedBytes(state.pending()) > limit) {
            return new Answer(CommittedWindow.tooMuch(afterZxid, maxTxns, limit));
        }
        // the journal holds the txns the view committed ahead as proposals: the fold takes them up to appliedZxid
        return new ReadJournal(lastSeqNr, new JournalTxnFold(afterZxid, appliedZxid, start, maxTxns, limit));
    }

    /** The state's pending txns up to appliedZxid: committed by the applied view, not yet in the journal's mark. */
    private List<Txn> committedAhead(ReplicaState state, long appliedZxid) {
        if (appliedZxid <= state.committedZxid()) {
            if (appliedZxid < state.committedZxid()) {
                throw new IllegalStateException("the applied view at " + Zxid.toHex(appliedZxid)
                        + " is behind the log's commit mark " + Zxid.toHex(state.committedZxid()));
            }
            return List.of();
        }
        List<Txn> ahead = new ArrayList<>();
        for (Txn txn : state.pending()) {
            if (txn.zxid() <= appliedZxid) {
                ahead.add(txn);
            }
        }
        if (ahead.isEmpty() || ahead.get(ahead.size() - 1).zxid() != appliedZxid) {
            throw new IllegalStateException("the applied view committed up to " + Zxid.toHex(appliedZxid)
                    + ", which is not among the log's pending proposals " + state);
        }
        return ahead;
    }

    private Answer notAvailable(long afterZxid, String why) {
        return new Answer(new TxnsAfter.NotAvailable(Zxid.toHex(afterZxid) + " is older than the "
                + window.size() + " txns kept in memory (they build on " + Zxid.toHex(window.baseZxid()) + ") " + why));
    }

    /** The tree's snapshot size as ZooKeeper would write it: paths, data and a fixed cost per node. */
    static long snapshotSizeBytes(DataTree tree) {
        return tree.approximateDataSizeBytes() + SNAPSHOT_BYTES_PER_NODE * tree.nodeCount();
    }
}
