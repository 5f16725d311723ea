package io.warden.persistence.txn;

import java.util.Objects;

/**
 * One transaction of the replicated state machine: who asked (session and its cxid), where it
 * sits in the total order (zxid), when the leader stamped it, and what it changes.
 *
 * @param sessionId the session whose request produced the txn (owner of ephemerals it creates)
 * @param cxid      the client's request id inside that session
 * @param zxid      the txn's position in the total order, {@code epoch << 32 | counter}; positive
 * @param timeMs    the leader's time when it prepared the txn (ms since the epoch); becomes
 *                  ctime/mtime, so replicas never read a clock of their own
 * @param body      the state change
 */
public record Txn(long sessionId, int cxid, long zxid, long timeMs, TxnBody body) {
    public Txn {
        Objects.requireNonNull(body, "body");
        if (zxid <= 0) {
            throw new IllegalArgumentException("zxid must be positive: " + zxid);
        }
    }
}
