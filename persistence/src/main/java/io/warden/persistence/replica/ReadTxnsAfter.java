package io.warden.persistence.replica;

import io.warden.api.data.Zxid;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

import java.util.Objects;

/**
 * ZAB DIFF's source: asks the replica log for its committed txns after {@code afterZxid} (a
 * learner's last zxid), all of them, in zxid order, or {@link TxnsAfter.NotAvailable} when they
 * are not all held within the limits: more than {@code maxTxns} txns, more than {@code maxBytes}
 * bytes (as the log writes them), older than the memory window and than the journal still holds,
 * or, read from the journal, more than {@code snapshotSizeFactor} x the snapshot's size
 * ({@link DiffPolicy}).
 *
 * <p>Queued like the epoch and truncate commands, so the answer covers every commit sent before
 * it, including those the log applied without a journal write (ADR 0017). From the memory window the answer comes at once; older txns are read from the journal off
 * the log's thread while later writes go on, and cover the log as it was when the read began.
 * The reply is a {@link StatusReply} error only when the log itself stopped.
 */
public record ReadTxnsAfter(long afterZxid, int maxTxns, long maxBytes, ActorRef<StatusReply<TxnsAfter>> replyTo)
        implements ReplicaLog.Command {
    public ReadTxnsAfter {
        Objects.requireNonNull(replyTo, "replyTo");
        if (afterZxid < 0 || maxTxns < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("afterZxid, maxTxns and maxBytes must not be negative: "
                    + Zxid.toHex(afterZxid) + ", " + maxTxns + ", " + maxBytes);
        }
    }
}
