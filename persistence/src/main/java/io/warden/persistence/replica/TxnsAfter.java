package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import io.warden.persistence.txn.Txn;

import java.util.List;
import java.util.Objects;

/**
 * The answer to {@link ReadTxnsAfter}: the committed txns a learner needs, or why they are not
 * available (the leader then sends SNAP).
 */
public sealed interface TxnsAfter {

    /**
     * The committed txns after {@code baseZxid}, in zxid order, up to the log's committed zxid when
     * the read was taken. {@code baseZxid} is the newest committed zxid at or below the zxid asked
     * about: the zxid itself when it is in this log's history; an older one when it is not (a
     * learner's proposal that never committed); the committed zxid when it lies beyond it. So
     * {@code (baseZxid, zxids())} is exactly the window {@code SyncPlanner.plan} takes: a learner
     * at baseZxid or at one of the zxids gets DIFF, one between them TRUNC to baseZxid first.
     */
    record Available(long baseZxid, List<Txn> txns) implements TxnsAfter {
        public Available {
            txns = List.copyOf(txns);
            long previous = baseZxid;
            for (Txn txn : txns) {
                if (txn.zxid() <= previous) {
                    throw new IllegalArgumentException("txns must increase above the base " + Zxid.toHex(baseZxid)
                            + ": " + Zxid.toHex(txn.zxid()) + " after " + Zxid.toHex(previous));
                }
                previous = txn.zxid();
            }
        }

        /** The txns' zxids, in order. */
        public long[] zxids() {
            return txns.stream().mapToLong(Txn::zxid).toArray();
        }

        /** The last zxid this answer reaches: the last txn's, or the base when there is none. */
        public long lastZxid() {
            return txns.isEmpty() ? baseZxid : txns.get(txns.size() - 1).zxid();
        }

        @Override
        public String toString() {
            return "Available[base " + Zxid.toHex(baseZxid) + ", " + txns.size() + " txns to " + Zxid.toHex(lastZxid())
                    + "]";
        }
    }

    /** Not all the txns are held within the limits: the reason, for the leader's log line. */
    record NotAvailable(String reason) implements TxnsAfter {
        public NotAvailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
