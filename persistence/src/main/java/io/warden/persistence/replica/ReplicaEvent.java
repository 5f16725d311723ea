package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;

import java.util.List;

/**
 * What the replica log journals: ZAB's log on one peer, as events. Each event is one journal
 * write (one fsync); {@link ReplicaState#apply} gives their meaning, {@link ReplicaEventCodec}
 * their binary form.
 */
public sealed interface ReplicaEvent {

    /**
     * A batch of proposals logged in one write, and the highest zxid known committed when it was
     * written (which may lie inside this batch, in an earlier one, or be stale and change nothing).
     */
    record ProposalsLogged(List<Txn> txns, long committedZxid) implements ReplicaEvent {
        public ProposalsLogged {
            txns = List.copyOf(txns);
            if (txns.isEmpty()) {
                throw new IllegalArgumentException("a ProposalsLogged event needs at least one txn");
            }
        }

        public long lastZxid() {
            return txns.get(txns.size() - 1).zxid();
        }

        @Override
        public String toString() {
            return "ProposalsLogged[" + txns.size() + " txns " + Zxid.toHex(txns.get(0).zxid()) + ".."
                    + Zxid.toHex(lastZxid()) + ", committed " + Zxid.toHex(committedZxid) + "]";
        }
    }

    /** Commits that arrived with nothing else to write: everything logged up to zxid is committed. */
    record CommitMarked(long zxid) implements ReplicaEvent {
    }

    /** ZAB's acceptedEpoch: the epoch this peer promised to follow (NEWEPOCH / ACKEPOCH). */
    record EpochAccepted(long epoch) implements ReplicaEvent {
    }

    /** ZAB's currentEpoch: the epoch whose leader this peer synced with (NEWLEADER). */
    record EpochCurrent(long epoch) implements ReplicaEvent {
    }

    /** ZAB's TRUNC: proposals logged above zxid, never committed, are dropped. */
    record TruncatedTo(long zxid) implements ReplicaEvent {
    }

    /**
     * ZAB's SNAP, first step: the leader's snapshot at zxid is about to be saved in the snapshot
     * store under this event's sequence number. Changes nothing: if the save never completes, the
     * log goes on from the state before (see {@link SnapshotInstalled}).
     */
    record SnapshotInstallBegun(long zxid) implements ReplicaEvent {
    }

    /**
     * ZAB's SNAP, last step, written only once the snapshot saved under the sequence number of the
     * {@link SnapshotInstallBegun} before it is durable: the state is now that snapshot (its tree
     * committed at zxid with this digest, nothing pending). The tree is far too large for a journal
     * frame, so the event holds only what identifies it; recovery starts from that snapshot, and
     * replaying this event onto any other state is refused.
     */
    record SnapshotInstalled(long zxid, long digest) implements ReplicaEvent {
    }
}
